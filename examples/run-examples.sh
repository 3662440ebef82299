#!/usr/bin/env bash
# Builds the example plug-ins against the installed gan-lab artifacts and runs them through ./gan,
# as a user would: install gan-lab, build each example on its own, drop the jars in, list, run.
# .ci/run calls it after the tests; run it by hand the same way.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never install -DskipTests -pl gan-experiments -am
jars=()
for example in gaussian-experiment drift-penalty-trick; do
  mvn -B -q -Dstyle.color=never -f "examples/$example/pom.xml" package
  jars+=("$root/examples/$example/target/$example-1.0.jar")
done
export GAN_PLUGINS
GAN_PLUGINS="$(IFS=:; echo "${jars[*]}")"

listing="$(./gan list 2>/dev/null)"
for name in gaussian-1d drift-penalty; do
  grep -q "^  $name " <<<"$listing" || { echo "examples: ./gan list does not show $name" >&2; exit 1; }
done

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run="$(./gan run gaussian-1d --trick drift-penalty --seed 1 --out "$out" 2>/dev/null)"
echo "$run"
grep -q "^gaussian-1d COMPLETED, success" <<<"$run" || { echo "examples: the example run did not succeed" >&2; exit 1; }
echo "examples: both plug-ins built, listed and run"
