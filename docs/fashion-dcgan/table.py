#!/usr/bin/env python3
"""The convolutional Fashion-MNIST study's table from its sweep folders (docs/fashion-dcgan/study.sh):
per method, every image metric as mean ± standard error with its 95 % t interval, the runs that
diverged, and the training time. `--compact` prints the README's shorter table; `--extremes` the
runs with the lowest and highest final FID (for their sample grids)."""
import glob
import importlib.util
import json
import os
import sys



def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, os.path.join(os.path.dirname(__file__), "..", path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The other studies' helpers: a metric's interval as a sweep reports it, the sweeps' training time,
# and the cells of a set of sweep folders.
_mixtures = _load("mixtures_table", "mixtures/table.py")
interval = _mixtures.interval
rows = _load("fashion_table", "fashion/table.py").rows

METRICS = [("fid", "FID"), ("kid", "KID"), ("classes_covered", "classes covered"), ("class_kl", "class KL"),
           ("confidence", "confidence")]


def method(fixed, row):
    """The cell's name: the loss where it is not the default, then the trick (and 5 critic steps)."""
    trick = row.get("trick", fixed.get("trick", "none"))
    loss = fixed.get("loss", "non-saturating")
    name = trick if loss in ("non-saturating", "bce") else f"{loss} + {trick}"
    steps = int(fixed.get("d-steps", 1))
    norm = fixed.get("d-norm", "auto")
    return name + (f", {steps} D steps" if steps > 1 else "") + (f", D {norm} norm" if norm != "auto" else "")


def main(folders):
    print("Each cell: runs, the runs that diverged, and each metric as mean ± standard error (95 % t "
          "interval) over the runs with a finite value. FID and KID on the built-in classifier's features against "
          "the test split, 10,000 samples a run; D's normalisation as --d-norm auto chose it.\n")
    print("| method | D norm | steps | runs | diverged | " + " | ".join(m[1] for m in METRICS) + " |")
    print("|---|---|---|---|---|" + "---|" * len(METRICS))
    for plan, fixed, row in rows(folders):
        norm = fixed.get("d-norm", "auto")
        if norm == "auto":
            norm = "layer" if any(p in method(fixed, row) for p in ("r1", "gradient-penalty")) else \
                "none" if "spectral-norm" in method(fixed, row) else "batch"
        print(f"| {method(fixed, row)} | {norm} | {fixed.get('steps', '?')} | {row['runs']} | {row.get('diverged', '?')} | "
              + " | ".join(interval(row, m[0]) for m in METRICS) + " |")
    _mixtures.timing(folders)
    throughput(folders)


def throughput(folders):
    """Per cell: a run's mean training time on one core, and runs an hour with both cores busy, one run each."""
    print("\nA run's training time (status.json's, one core each, two runs at a time) and what that makes an hour "
          "on 2 cores:\n")
    print("| method | runs | mean training time | runs an hour, 2 cores |")
    print("|---|---|---|---|")
    for folder in folders:
        if not os.path.exists(os.path.join(folder, "sweep.csv")):
            continue
        with open(os.path.join(folder, "sweep.json")) as f:
            fixed = json.load(f).get("fixed", {})
        for cell in sorted(glob.glob(os.path.join(folder, "runs", "*"))):
            seconds = [_mixtures.run_seconds(r) for r in glob.glob(os.path.join(cell, "seed-*"))
                       if os.path.exists(os.path.join(r, "summary.json"))]
            if not seconds:
                continue
            trick = os.path.basename(cell).split("_trick-", 1)[-1].replace("~", ":", 1).replace("~", "=")
            mean = sum(seconds) / len(seconds)
            print(f"| {method(fixed, {'trick': trick})} | {len(seconds)} | {mean:.0f} s | {2 * 3600 / mean:.0f} |")


def compact(folders):
    print("| method | runs | FID | KID | classes | class KL | confidence |")
    print("|---|---|---|---|---|---|---|")
    for plan, fixed, row in rows(folders):
        def mean(metric, digits):
            m, e = row.get("mean_" + metric, ""), row.get("se_" + metric, "")
            if m == "":
                return "–"
            return f"{float(m):.{digits}f}" + (f" ± {float(e):.{digits}f}" if e else "")

        print(f"| {method(fixed, row)} | {row['runs']} | {mean('fid', 1)} | {mean('kid', 1)} | {mean('classes_covered', 1)} "
              f"| {mean('class_kl', 3)} | {mean('confidence', 3)} |")


def extremes(folders):
    runs = []
    for folder in folders:
        for summary in glob.glob(os.path.join(folder, "runs", "**", "summary.json"), recursive=True):
            with open(summary) as f:
                s = json.load(f)
            fid = s.get("results", {}).get("fid")
            if isinstance(fid, (int, float)):
                runs.append((fid, os.path.dirname(summary)))
    runs.sort()
    for label, (fid, run) in (("best", runs[0]), ("worst", runs[-1])):
        print(f"{label}\t{fid:.1f}\t{run}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compact"]:
        compact(sys.argv[2:])
    elif sys.argv[1:2] == ["--extremes"]:
        extremes(sys.argv[2:])
    else:
        main(sys.argv[1:])
