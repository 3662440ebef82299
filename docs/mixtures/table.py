#!/usr/bin/env python3
"""One Markdown table from the mixtures study's sweep folders (docs/mixtures/study.sh)."""
import csv
import json
import os
import sys


def interval(row, metric):
    """mean ± standard error (95 % t interval), as the sweep computed them."""
    mean, se = row.get("mean_" + metric, ""), row.get("se_" + metric, "")
    low, high = row.get("ci_low_" + metric, ""), row.get("ci_high_" + metric, "")
    if mean == "":
        return "–"
    if se == "":
        return f"{float(mean):.3g}"
    return f"{float(mean):.3g} ± {float(se):.2g} ({float(low):.3g}–{float(high):.3g})"


def main(folders):
    print("Each cell: runs, success (every mode covered) with its 95 % Wilson interval, and each metric as "
          "mean ± standard error (95 % t interval) over the runs.\n")
    print("| problem | learning rates | loss | method | batch | runs | success | 95 % interval "
          "| modes covered | high-quality fraction | reverse KL |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for folder in folders:
        with open(os.path.join(folder, "sweep.json")) as f:
            plan = json.load(f)
        fixed = plan.get("fixed", {})
        problem = plan.get("experiment", "?")
        speed = "D 4e-4, G 1e-4" if str(fixed.get("lr-d")) in ("4.0E-4", "0.0004") else "1e-4"
        with open(os.path.join(folder, "sweep.csv")) as f:
            for row in csv.DictReader(f):
                rate = row["success_rate"]
                print(f"| {problem} | {speed} | {fixed.get('loss', '?')} | {row.get('trick', 'none')} "
                      f"| {fixed.get('batch', '?')} | {row['runs']} "
                      f"| {'–' if rate == '' else f'{100 * float(rate):.0f} %'} "
                      f"| {100 * float(row['ci_low']):.0f}–{100 * float(row['ci_high']):.0f} % "
                      f"| {interval(row, 'modes_covered')} | {interval(row, 'high_quality_fraction')} "
                      f"| {interval(row, 'reverse_kl')} |")


if __name__ == "__main__":
    main(sys.argv[1:])
