#!/usr/bin/env python3
"""The Fashion-MNIST study's table from its sweep folders (docs/fashion/study.sh): per setting and
method, every image metric as mean ± standard error with its 95 % t interval, the runs that
diverged, and the training time. `--compact` prints the README's shorter table."""
import csv
import importlib.util
import json
import os
import sys

# The mixtures study's helpers: a metric's interval as a sweep reports it, and the sweeps' training time.
_spec = importlib.util.spec_from_file_location("mixtures_table",
                                               os.path.join(os.path.dirname(__file__), "..", "mixtures", "table.py"))
_mixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mixtures)
interval = _mixtures.interval

METRICS = [("fid", "FID", 1), ("kid", "KID", 1), ("classes_covered", "classes covered", 1),
           ("class_kl", "class KL", 1), ("confidence", "confidence", 1)]


def setting(plan):
    fixed = plan.get("fixed", {})
    batch = int(fixed.get("batch", 1))
    trick = str(fixed.get("trick", ""))
    packed = 2 if "packing" in trick else 1
    for axis in plan.get("grid", []):
        if "packing" in json.dumps(axis):
            packed = 2
    return "batch 1" if batch // packed <= 1 else "batch 64"


def rows(folders):
    """(plan, fixed settings, row) for each cell of each sweep folder with a finished run."""
    for folder in folders:
        if not os.path.exists(os.path.join(folder, "sweep.csv")):
            continue  # no run of it has finished yet
        with open(os.path.join(folder, "sweep.json")) as f:
            plan = json.load(f)
        fixed = plan.get("fixed", {})
        with open(os.path.join(folder, "sweep.csv")) as f:
            for row in csv.DictReader(f):
                yield plan, fixed, row


def main(folders):
    print("Each cell: runs, the runs that diverged, and each metric as mean ± standard error (95 % t "
          "interval) over the runs with a finite value. FID and KID on the built-in classifier's features against "
          "the test split, 10,000 samples a run.\n")
    print("| setting | method | batch | lr | steps | runs | diverged | " + " | ".join(m[1] for m in METRICS) + " |")
    print("|---|---|---|---|---|---|---|" + "---|" * len(METRICS))
    for plan, fixed, row in rows(folders):
        trick = row.get("trick", fixed.get("trick", "none"))
        print(f"| {setting(plan)} | {trick} | {fixed.get('batch', '?')} | {fixed.get('lr-d', '?')} "
              f"| {fixed.get('steps', '?')} | {row['runs']} | {row.get('diverged', '?')} | "
              + " | ".join(interval(row, m[0]) for m in METRICS) + " |")
    _mixtures.timing(folders)


def compact(folders):
    table = {}
    for plan, fixed, row in rows(folders):
        trick = row.get("trick", fixed.get("trick", "none"))

        def mean(metric, digits):
            m, e = row.get("mean_" + metric, ""), row.get("se_" + metric, "")
            if m == "":
                return "–"
            return f"{float(m):.{digits}f}" + (f" ± {float(e):.{digits}f}" if e else "")

        table.setdefault(trick, {})[setting(plan)] = [mean("fid", 0), mean("classes_covered", 1), mean("class_kl", 2)]
    print("| method | FID, batch 1 | classes | class KL | FID, batch 64 | classes | class KL |")
    print("|---|---|---|---|---|---|---|")
    for trick, settings in table.items():
        cells = settings.get("batch 1", ["–"] * 3) + settings.get("batch 64", ["–"] * 3)
        print(f"| {trick} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compact"]:
        compact(sys.argv[2:])
    else:
        main(sys.argv[1:])
