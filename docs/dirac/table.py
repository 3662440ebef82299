#!/usr/bin/env python3
"""One Markdown table from the Dirac-GAN study's sweep folders (docs/dirac/study.sh)."""
import csv
import glob
import json
import os
import sys


def predicted(folder, cell):
    """The theory's label, from the first run of the cell (it depends on the settings alone)."""
    for summary in sorted(glob.glob(os.path.join(folder, "runs", f"{int(cell):03d}_*", "seed-*", "summary.json"))):
        with open(summary) as f:
            return json.load(f)["results"].get("predicted", "–")
    return "–"


def fmt(value, digits=3):
    if value == "":
        return "–"
    v = float(value)
    return f"{v:.{digits}g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.1e}"


def main(folders):
    print("| loss | method | order | h | predicted | ρ | converged runs | median final radius "
          "| median steps to 1e-3 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for folder in folders:
        with open(os.path.join(folder, "sweep.json")) as f:
            plan = json.load(f)
        loss = plan["fixed"]["loss"]
        order_fixed = plan["fixed"]["order"]
        with open(os.path.join(folder, "sweep.csv")) as f:
            for row in csv.DictReader(f):
                runs, ok, diverged = int(row["runs"]), int(row["successes"]), int(row["diverged"])
                converged = f"{ok}/{runs}" + (f" ({diverged} diverged)" if diverged else "")
                steps = row.get("median_first_step_radius_below_1e-3", "")
                print(f"| {loss} | {row.get('trick', 'none')} | {row.get('order', order_fixed)} | {row['lr']} "
                      f"| {predicted(folder, row['cell'])} | {fmt(row.get('median_predicted_rho', ''), 6)} "
                      f"| {converged} | {fmt(row.get('median_final_radius', ''))} | {fmt(steps) if steps else '–'} |")


if __name__ == "__main__":
    main(sys.argv[1:])
