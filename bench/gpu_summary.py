#!/usr/bin/env python3
"""The README's GPU table from one gpu-test.sh results folder."""
import json
import os
import sys


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def jmh(path):
    rows = {}
    for r in load(path) or []:
        name = r["benchmark"].rsplit(".", 2)[-2]
        score, unit = r["primaryMetric"]["score"], r["primaryMetric"]["scoreUnit"]
        us = score / 1000.0 if unit == "ns/op" else score
        rows[(name, tuple(sorted(r.get("params", {}).items())))] = us
    return rows


def find(rows, name, **params):
    for (n, p), v in rows.items():
        if n == name and all(dict(p).get(k) == str(val) for k, val in params.items()):
            return v
    return None


def main(folder):
    missing = []
    gpu = open(os.path.join(folder, "gpu.txt")).read().strip() if os.path.exists(os.path.join(folder, "gpu.txt")) else "?"
    tests = open(os.path.join(folder, "tests.txt")).read() if os.path.exists(os.path.join(folder, "tests.txt")) else ""
    summary = [line.strip() for line in tests.splitlines() if "tests successful" in line or "tests failed" in line
               or "tests skipped" in line or "tests found" in line]
    print(f"GPU: {gpu}\n")
    print("Tests: " + ("; ".join(summary) if summary else "no JUnit summary found") + "\n")
    matmul = jmh(os.path.join(folder, "jmh-matmul.json"))
    steps = jmh(os.path.join(folder, "jmh-steps.json"))
    torch = load(os.path.join(folder, "torch-matmul.json"))
    print("| SGEMM n×n×n | cuda backend | torch.matmul fp32, TF32 off | ratio |")
    print("|---|---|---|---|")
    for n in (256, 1024, 4096):
        us = find(matmul, "MatmulBench", backend="cuda", n=n)
        if us is None:
            missing.append(f"SGEMM {n} on cuda")
        ours = 2 * n ** 3 / (us * 1e-6) / 1e9 if us else None
        ref = next((m["gflops"] for m in (torch or {}).get("matmul", []) if m["n"] == n), None)
        ratio = f"{100 * ours / ref:.0f} %" if ours and ref else "–"
        fmt = lambda g: f"{g:,.0f} GFLOP/s" if g else "–"
        print(f"| {n} | {fmt(ours)} | {fmt(ref)} | {ratio} |")
    print("\n| training step | cuda | cpu (all cores) | cpu / cuda |")
    print("|---|---|---|---|")
    for step in ("pattern1010", "singlePoint", "mlpGan"):
        c = find(steps, "StepBench", backend="cuda", step=step)
        if c is None:
            missing.append(f"{step} step on cuda")
        p = find(steps, "StepBench", backend="cpu", step=step, threads="all")
        fmt = lambda v: f"{v:,.1f} µs" if v else "–"
        print(f"| {step} | {fmt(c)} | {fmt(p)} | {p / c:.2f}× |" if c and p else f"| {step} | {fmt(c)} | {fmt(p)} | – |")
    if missing:
        print("\nNot measured (see jmh-*.txt): " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
