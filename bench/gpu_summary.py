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
        scale = 1 / 1000.0 if unit == "ns/op" else 1.0
        rows[(name, tuple(sorted(r.get("params", {}).items())))] = (score * scale, r["primaryMetric"]["scoreError"] * scale)
    return rows


def find(rows, name, **params):
    """The score (µs) of the run with these parameters, or None."""
    hit = find_with_error(rows, name, **params)
    return hit[0] if hit else None


def find_with_error(rows, name, **params):
    """(score, 99.9 % error) in µs of the run with these parameters, or None."""
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
    dispatch = {r["benchmark"].rsplit(".", 1)[-1]: r["primaryMetric"]["score"]
                for r in load(os.path.join(folder, "jmh-dispatch.json")) or []}
    torch = load(os.path.join(folder, "torch-matmul.json"))
    events = (load(os.path.join(folder, "sgemm-events.json")) or {}).get("sgemm", [])
    pct = lambda a, b: f"{100 * a / b:.0f} %" if a and b else "–"
    fmt = lambda g: f"{g:,.0f} GFLOP/s" if g else "–"
    print("| SGEMM n×n×n | kernel alone (CUDA events) | through the cuda backend (JMH) | torch.matmul fp32, TF32 off "
          "(CUDA events) | kernel / torch | backend / torch |")
    print("|---|---|---|---|---|---|")
    for n in (256, 1024, 4096):
        us = find(matmul, "MatmulBench", backend="cuda", n=n)
        if us is None:
            missing.append(f"SGEMM {n} on cuda")
        ours = 2 * n ** 3 / (us * 1e-6) / 1e9 if us else None
        kernel = next((e["gflops"] for e in events if e["n"] == n and e["layout"] == "nn"), None)
        ref = next((m["gflops"] for m in (torch or {}).get("matmul", []) if m["n"] == n), None)
        print(f"| {n} | {fmt(kernel)} | {fmt(ours)} | {fmt(ref)} | {pct(kernel, ref)} | {pct(ours, ref)} |")
    if events:
        print("\nThe kernel's four layouts at 4096³ (nn, nt, tn, tt): "
              + ", ".join(f"{e['gflops']:,.0f}" for e in events if e["n"] == 4096) + " GFLOP/s.")
    graphs = jmh(os.path.join(folder, "jmh-steps-graphs.json"))
    print("\n| training step | cuda eager | cuda captured | cuda captured, CUDA graphs | PyTorch CUDA eager "
          "| PyTorch / best cuda | cpu captured (all cores) |")
    print("|---|---|---|---|---|---|---|")
    torch_steps = (torch or {}).get("steps", {})
    for step in ("pattern1010", "singlePoint", "mlpGan", "dcgan", "fashionDcgan"):
        eager = find_with_error(steps, "StepBench", backend="cuda", step=step, capture="off")
        captured = find_with_error(steps, "StepBench", backend="cuda", step=step, capture="on")
        graphed = find_with_error(graphs, "StepBench", backend="cuda", step=step, capture="on")
        if captured is None:
            missing.append(f"{step} step on cuda")
        p = find(steps, "StepBench", backend="cpu", step=step, threads="all", capture="on")
        t = torch_steps.get(step, {}).get("us")
        fmt = lambda v: f"{v:,.1f} µs" if v else "–"
        timed = lambda e: f"{e[0]:,.1f} ± {e[1]:,.1f} µs" if e else "–"
        best = min((e[0] for e in (eager, captured, graphed) if e), default=None)
        ratio = f"{t / best:.2f}×" if best and t else "–"
        print(f"| {step} | {timed(eager)} | {timed(captured)} | {timed(graphed)} | {fmt(t)} | {ratio} | {fmt(p)} |")
    conv = jmh(os.path.join(folder, "jmh-conv.json"))
    torch_conv = (torch or {}).get("conv", {})
    if conv or torch_conv:
        print("\n| convolution (batch 64, 4×4, stride 2) | pass | cuda | PyTorch cuDNN, TF32 off | PyTorch / cuda |")
        print("|---|---|---|---|---|")
        for shape in ("conv1", "conv2", "convT2", "convT1"):
            for kind in ("forward", "backward"):
                c = find(conv, "ConvBench", backend="cuda", shape=shape, **{"pass": kind})
                t = torch_conv.get(f"{shape}.{kind}", {}).get("us")
                if c is None:
                    missing.append(f"{shape} {kind} on cuda")
                ratio = f"{t / c:.2f}×" if c and t else "–"
                us = lambda v: f"{v:,.1f} µs" if v else "–"
                print(f"| {shape} | {kind} | {us(c)} | {us(t)} | {ratio} |")
    if dispatch:
        print("\nDispatch floor of the cuda backend (JMH DispatchBench, µs): "
              + ", ".join(f"{name} {us:,.2f}" for name, us in sorted(dispatch.items())) + ".")
    if missing:
        print("\nNot measured (see jmh-*.txt): " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
