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
        speed = learning_rates(fixed)
        with open(os.path.join(folder, "sweep.csv")) as f:
            for row in csv.DictReader(f):
                rate = row["success_rate"]
                print(f"| {problem} | {speed} | {fixed.get('loss', '?')} | {row.get('trick', 'none')} "
                      f"| {fixed.get('batch', '?')} | {row['runs']} "
                      f"| {'–' if rate == '' else f'{100 * float(rate):.0f} %'} "
                      f"| {100 * float(row['ci_low']):.0f}–{100 * float(row['ci_high']):.0f} % "
                      f"| {interval(row, 'modes_covered')} | {interval(row, 'high_quality_fraction')} "
                      f"| {interval(row, 'reverse_kl')} |")


def short(x):
    """A learning rate as 4e-4."""
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"


def rates(fixed):
    """D's and G's learning rates in a sweep: --lr-d and --lr-g, else --lr, else the default 1e-4."""
    both = float(fixed.get("lr", 1e-4))
    return float(fixed.get("lr-d", both)), float(fixed.get("lr-g", both))


def learning_rates(fixed):
    """The sweep's learning rates as the table shows them: 1e-4, or D 4e-4, G 1e-4."""
    d, g = rates(fixed)
    return short(d) if d == g else f"D {short(d)}, G {short(g)}"


def run_seconds(run_dir):
    """A run's training time: status.json's (gan-lab now), else summary.json's (older runs), else 0."""
    for name in ("status.json", "summary.json"):
        try:
            with open(os.path.join(run_dir, name)) as f:
                seconds = json.load(f).get("seconds")
            if seconds is not None:
                return float(seconds)
        except (OSError, ValueError):
            pass
    return 0.0


def timing(folders):
    """Per sweep folder: runs and their summed training time (a sweep on T threads takes about 1/T of it)."""
    print("\n| sweep | runs | training time summed over its runs |")
    print("|---|---|---|")
    total_runs, total = 0, 0.0
    for folder in folders:
        runs = [root for root, _, files in os.walk(os.path.join(folder, "runs")) if "summary.json" in files]
        seconds = sum(run_seconds(r) for r in runs)
        total_runs, total = total_runs + len(runs), total + seconds
        name = "/".join(folder.rstrip("/").split("/")[-2:])  # problem-speed/sweep
        print(f"| {name} | {len(runs)} | {seconds / 3600:.2f} h |")
    print(f"| all | {total_runs} | {total / 3600:.2f} h |")


def compact(folders):
    """The README's tables: one per problem, a row per method, both learning-rate settings side by side."""
    tables = {}
    for folder in folders:
        with open(os.path.join(folder, "sweep.json")) as f:
            plan = json.load(f)
        fixed = plan.get("fixed", {})
        d, g = rates(fixed)
        speed = "faster D" if d > g else "default"
        with open(os.path.join(folder, "sweep.csv")) as f:
            for row in csv.DictReader(f):
                loss = fixed.get("loss", "bce")
                trick = row.get("trick", "none")
                method = trick if loss == "bce" else f"{loss} + {trick}"

                def mean(metric, scale=1.0, digits=2, se=True):
                    m, e = row.get("mean_" + metric, ""), row.get("se_" + metric, "")
                    if m == "":
                        return "–"
                    text = f"{scale * float(m):.{digits}f}"
                    return text + (f" ± {scale * float(e):.{digits}f}" if se and e else "")

                tables.setdefault(plan.get("experiment"), {}).setdefault(method, {})[speed] = [
                    mean("modes_covered", digits=1), mean("high_quality_fraction", 100, 0, se=False) + " %",
                    mean("reverse_kl", se=False), f"{100 * float(row['success_rate']):.0f} %"]
    for problem, rows in tables.items():
        both = any("faster D" in speeds for speeds in rows.values())
        print(f"\n`{problem}` (modes covered, high-quality samples, reverse KL, success):\n")
        print("| method | modes | HQ | rKL | success |" + (" modes, faster D | HQ | rKL | success |" if both else ""))
        print("|---|" + "---|" * (8 if both else 4))
        for method, speeds in rows.items():
            cells = speeds.get("default", [""] * 4) + (speeds.get("faster D", [""] * 4) if both else [])
            print(f"| {method} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compact"]:
        compact(sys.argv[2:])
    else:
        main(sys.argv[1:])
        timing(sys.argv[1:])
