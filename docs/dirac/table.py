#!/usr/bin/env python3
"""Markdown tables from the Dirac-GAN study's sweep folders (docs/dirac/study.sh).

  table.py FOLDER...           every cell: the theory's prediction beside the measurement
  table.py --h 0.2 FOLDER...   the README's summary at one step size, both orders side by side
"""
import csv
import glob
import json
import math
import os
import sys

# Where the linear theory does not describe a single run: noise (it predicts the expected dynamics,
# each run jitters at a floor) and WGAN-GP's kink (no Jacobian at the equilibrium).
NOT_LINEAR = ("instance-noise", "weight-noise", "gradient-penalty")
# |ln measured − ln linearised| within this share of |ln linearised|: the agreement test's tolerance.
TOLERANCE = 0.01


def predicted(folder, cell):
    """The theory's label, from the first run of the cell (it depends on the settings alone)."""
    for summary in sorted(glob.glob(os.path.join(folder, "runs", f"{int(cell):03d}_*", "seed-*", "summary.json"))):
        with open(summary) as f:
            return json.load(f)["results"].get("predicted", "–")
    return "–"


def number(row, key):
    value = row.get(key, "")
    return None if value == "" else float(value)


def fmt(value, digits=3):
    if value is None:
        return "–"
    return f"{value:.{digits}g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.1e}"


def rho_text(rho):
    """Four significant digits, more where that would round a rate just off 1 to 1."""
    text = f"{rho:.4g}"
    return f"{rho:.6g}" if text == "1" and rho != 1 else text


def steps(value):
    return "–" if value is None else f"{value:.0f}"


def agreement(method, row, label):
    """Whether the measured rate is the linearised step's, as the agreement test asks."""
    if any(method.startswith(name) for name in NOT_LINEAR):
        return "n/a (noise or kink)"
    if label == "cycles":  # ρ = 1: whether a run drifts in or out is up to the terms the linearisation drops
        return "n/a (ρ = 1)"
    measured, linearised = number(row, "median_measured_rate"), number(row, "median_linearised_rate")
    if measured is None or linearised is None:
        return "–"
    off = abs(math.log(measured) - math.log(linearised)) / max(abs(math.log(linearised)), 1e-3)
    return "yes" if off <= TOLERANCE else f"**no** ({100 * off:.1f} % of ln)"


def cells(folders):
    """(folder, loss, method, order, h, row) for every cell of every sweep."""
    for folder in folders:
        with open(os.path.join(folder, "sweep.json")) as f:
            fixed = json.load(f)["fixed"]
        with open(os.path.join(folder, "sweep.csv")) as f:
            for row in csv.DictReader(f):
                yield folder, fixed["loss"], row.get("trick", "none"), row.get("order", fixed["order"]), row["lr"], row


def full(folders):
    print("| loss | method | order | h | predicted | ρ | predicted steps to 1e-3 | measured steps to 1e-3 "
          "| linearised rate | measured rate | agree | converged runs | median final radius |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for folder, loss, method, order, h, row in cells(folders):
        runs, ok, diverged = int(row["runs"]), int(row["successes"]), int(row["diverged"])
        converged = f"{ok}/{runs}" + (f" ({diverged} diverged)" if diverged else "")
        print(f"| {loss} | {method} | {order} | {h} | {predicted(folder, row['cell'])} "
              f"| {fmt(number(row, 'median_predicted_rho'), 6)} "
              f"| {steps(number(row, 'median_predicted_steps_to_1e-3'))} "
              f"| {steps(number(row, 'median_first_step_radius_below_1e-3'))} "
              f"| {fmt(number(row, 'median_linearised_rate'), 6)} | {fmt(number(row, 'median_measured_rate'), 6)} "
              f"| {agreement(method, row, predicted(folder, row['cell']))} | {converged} | {fmt(number(row, 'median_final_radius'))} |")


def summary(folders, h):
    """One row per method at step size h: the prediction and the measurement for each order."""
    rows = {}
    for folder, loss, method, order, lr, row in cells(folders):
        if float(lr) != float(h):
            continue
        name = f"`{method}`" if method != "none" else "none"
        if loss != "minimax":
            name = {"non-saturating": "non-saturating G", "wasserstein": "WGAN"}.get(loss, loss) + (
                "" if method == "none" else ", " + name)
        label = predicted(folder, row["cell"])
        rho = number(row, "median_predicted_rho")
        theory = label if rho is None else f"{label} (ρ = {rho_text(rho)})"
        if number(row, "median_predicted_steps_to_1e-3") is not None:
            theory += f", 1e-3 at step {steps(number(row, 'median_predicted_steps_to_1e-3'))}"
        runs, ok = int(row["runs"]), int(row["successes"])
        rate = number(row, "median_measured_rate")
        if ok == runs and number(row, "median_first_step_radius_below_1e-3") is not None:
            measured = f"1e-3 at step {steps(number(row, 'median_first_step_radius_below_1e-3'))}"
            if rate is not None:
                agrees = agreement(method, row, label)
                measured += f", rate {rate:.4g} ({'agrees' if agrees == 'yes' else agrees})"
        elif int(row["diverged"]):
            measured = f"diverged ({row['diverged']}/{runs})"
        else:
            measured = f"radius {fmt(number(row, 'median_final_radius'))}" + (f" ({ok}/{runs} below 1e-3)" if ok else "")
        rows.setdefault(name, {})[order] = (theory, measured)
    print("| method | alternating: predicted | alternating: measured | simultaneous: predicted | simultaneous: measured |")
    print("|---|---|---|---|---|")
    for name, orders in rows.items():
        cols = []
        for order in ("alternating", "simultaneous"):
            theory, measured = orders.get(order, ("refused", ""))
            cols += [theory, measured]
        print(f"| {name} | " + " | ".join(cols) + " |")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--h"]:
        summary(args[2:], args[1])
    else:
        full(args)
