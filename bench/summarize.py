#!/usr/bin/env python3
"""Turns one bench/run.sh results folder into the Markdown table of the README's results."""
import json
import os
import platform
import subprocess
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def jmh_rows(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    for r in load(path):
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        params = r.get("params", {})
        key = (name, tuple(sorted(params.items())))
        secondary = r.get("secondaryMetrics", {})
        gc = (secondary.get("gc.alloc.rate.norm") or secondary.get("·gc.alloc.rate.norm") or {}).get("score")
        rows[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], r["primaryMetric"]["scoreUnit"], gc)
    return rows


def us(score, unit):
    return score / 1000.0 if unit == "ns/op" else score


def get(rows, name, **params):
    for (n, p), v in rows.items():
        if n == name and all(dict(p).get(k) == str(val) for k, val in params.items()):
            return us(v[0], v[2]), us(v[1], v[2]), v[3]
    return None


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()}; {java}"


def main(folder):
    kernels = jmh_rows(os.path.join(folder, "jmh-kernels.json"))
    steps = jmh_rows(os.path.join(folder, "jmh-steps.json"))
    n = os.cpu_count()
    t1 = os.path.join(folder, "pytorch-1thread.json")
    tn = os.path.join(folder, f"pytorch-{n}threads.json")
    torch1 = load(t1)["benchmarks"] if os.path.exists(t1) else {}
    torchn = load(tn)["benchmarks"] if os.path.exists(tn) else {}
    info = load(t1) if os.path.exists(t1) else {}
    print(f"Measured {os.path.basename(folder)[:8]} on {machine()}; PyTorch {info.get('torch', '?')} "
          f"eager CPU with {os.path.basename(info.get('blas', '?'))} ({info.get('blas', '?')}).\n")
    print("| workload | threads | gan-lab `cpu`, captured (eager) | PyTorch | ratio | target | met |")
    print("|---|---|---|---|---|---|---|")

    def step(name, label, threads, torch, target, factor):
        th = "1" if threads == 1 else "all"
        ours = get(steps, "StepBench.trainingStep", step=name, threads=th, capture="on")
        eager = get(steps, "StepBench.trainingStep", step=name, threads=th, capture="off")
        theirs = torch.get("step." + name, {}).get("us")
        if ours and theirs:
            ratio = theirs / ours[0]
            met = ("yes" if ratio >= factor else "no") if target else ""
            said = f"{ratio:.1f}× faster" if ratio >= 1 else f"{ratio:.2f}× (slower)"
            before = f" ({eager[0]:.1f} µs eager)" if eager else ""
            print(f"| {label} | {threads} | {ours[0]:.1f} ± {ours[1]:.1f} µs ({ours[2] / 1024:.0f} KiB/op){before} "
                  f"| {theirs:.1f} µs | {said} | {target} | {met} |")

    step("pattern1010", "1010 step", 1, torch1, "≥ 100× faster", 100)
    step("singlePoint", "single-point step", 1, torch1, "≥ 50× faster", 50)
    step("mlpGan", "MLP GAN step", 1, torch1, "≥ 2× faster", 2)
    step("mlpGan", "MLP GAN step", n, torchn, "≥ 2× faster", 2)
    step("fashionMlp", "fashion-mlp step (batch 1)", 1, torch1, "≥ 30× faster", 30)
    step("dcgan", "DCGAN step (28×28, batch 64)", 1, torch1, "≥ 1× (as fast)", 1)
    step("dcgan", "DCGAN step (28×28, batch 64)", n, torchn, "", 0)
    step("fashionDcgan", "fashion-dcgan step (batch 64)", 1, torch1, "≥ 1× (as fast)", 1)
    step("fashionDcgan", "fashion-dcgan step (batch 64)", n, torchn, "≥ 1× (as fast)", 1)
    sgemm = get(kernels, "MatmulBench.square", n=512, threads="1")
    if sgemm and "matmul.512" in torch1:
        ours_gf = 2 * 512 ** 3 / sgemm[0] / 1e3
        theirs_gf = torch1["matmul.512"]["gflops"]
        print(f"| SGEMM 512³ | 1 | {ours_gf:.0f} GFLOP/s | {theirs_gf:.0f} GFLOP/s | {100 * ours_gf / theirs_gf:.0f} % "
              f"| ≥ 80 % | {'yes' if ours_gf >= 0.8 * theirs_gf else 'no'} |")
    for kind in ("sigmoid", "add"):
        ours = get(kernels, f"ElementwiseBench.{kind}", size=1000000)
        theirs = torch1.get(f"elementwise.{kind}.1000000", {}).get("us")
        if ours and theirs:
            print(f"| {kind} over 10⁶ floats | 1 | {ours[0]:.0f} µs | {theirs:.0f} µs | {theirs / ours[0]:.2f}× faster "
                  f"| no slower | {'yes' if ours[0] <= theirs else 'no'} |")
    for name, label, limit, text in (("pattern1010", "1010 step", 1024, "< 1 KiB"), ("mlpGan", "MLP GAN step", 65536, "< 64 KiB"),
                                     ("dcgan", "DCGAN step", 64 << 20, "flat, < 64 MiB")):
        ours = get(steps, "StepBench.trainingStep", step=name, threads="1", capture="on")
        if ours and ours[2] is not None:
            print(f"| bytes allocated, {label} | 1 | {ours[2] / 1024:.1f} KiB/op | | | {text} | {'yes' if ours[2] < limit else 'no'} |")
    sweep_path = os.path.join(folder, "sweep.json")
    if os.path.exists(sweep_path):
        sw = load(sweep_path)
        ours_rate = sw["runs"] / sw["seconds"]
        step_us = torch1.get("step.singlePoint", {}).get("us")
        line = f"| single-point sweep ({sw['runs']} runs of {sw['steps']} steps) | {n} | {ours_rate:.1f} runs/s |"
        if step_us:
            # PyTorch's estimate: every core busy with its own run, no per-run overhead at all.
            theirs_rate = n * 1e6 / (sw["steps"] * step_us)
            line += f" {theirs_rate:.2f} runs/s (estimate) | {ours_rate / theirs_rate:.0f}× | | |"
        else:
            line += " | | | |"
        print(line)

    steps_scalar = jmh_rows(os.path.join(folder, "jmh-steps-scalar.json"))
    kernels_scalar = jmh_rows(os.path.join(folder, "jmh-kernels-scalar.json"))
    if steps_scalar or kernels_scalar:
        print("\nThe scalar fallback (a JVM without `--add-modules jdk.incubator.vector`, e.g. a bare `java -jar gan.jar`), "
              "1 thread:\n")
        print("| workload | with the Vector API | scalar loops | slowdown |")
        print("|---|---|---|---|")
        for name, label in (("pattern1010", "1010 step"), ("singlePoint", "single-point step"), ("mlpGan", "MLP GAN step")):
            vec = get(steps, "StepBench.trainingStep", step=name, threads="1", capture="on")
            sca = get(steps_scalar, "StepBench.trainingStep", step=name, threads="1", capture="on")
            if vec and sca:
                print(f"| {label} | {vec[0]:.1f} µs | {sca[0]:.1f} µs | {sca[0] / vec[0]:.1f}× |")
        vec = get(kernels, "MatmulBench.square", n=512, threads="1")
        sca = get(kernels_scalar, "MatmulBench.square", n=512, threads="1")
        if vec and sca:
            print(f"| SGEMM 512³ | {vec[0]:.0f} µs | {sca[0]:.0f} µs | {sca[0] / vec[0]:.1f}× |")

    conv_rows = [(shape, kind) for shape in ("conv1", "conv2", "convT2", "convT1") for kind in ("forward", "backward")]
    if any(get(kernels, "ConvBench.convolution", shape=s, **{"pass": k}) for s, k in conv_rows):
        labels = {"conv1": "conv 1×28×28 → 64×14×14", "conv2": "conv 64×14×14 → 128×7×7",
                  "convT2": "convT 128×7×7 → 64×14×14", "convT1": "convT 64×14×14 → 1×28×28"}
        print("\nConvolutions at DCGAN shapes (batch 64, 4×4, stride 2, padding 1; backward = forward, then the input "
              "and weight gradients), ms per call; ratio = PyTorch's time / gan-lab's (goal ≥ 0.8×):\n")
        print("| layer | pass | gan-lab 1 thread | PyTorch 1 thread | ratio | gan-lab all cores | PyTorch all cores | ratio |")
        print("|---|---|---|---|---|---|---|---|")
        for shape, kind in conv_rows:
            o1 = get(kernels, "ConvBench.convolution", shape=shape, threads="1", **{"pass": kind})
            on = get(kernels, "ConvBench.convolution", shape=shape, threads="all", **{"pass": kind})
            p1 = torch1.get(f"conv.{shape}.{kind}", {}).get("us")
            pn = torchn.get(f"conv.{shape}.{kind}", {}).get("us")
            r1 = f"{p1 / o1[0]:.2f}×" if o1 and p1 else ""
            rn = f"{pn / on[0]:.2f}×" if on and pn else ""
            print(f"| {labels[shape]} | {kind} | {ms(o1)} | {ms(p1)} | {r1} | {ms(on)} | {ms(pn)} | {rn} |")

    print("\nKernels (µs per call; PyTorch with as many threads as gan-lab's column):\n")
    print("| kernel | gan-lab 1 thread | PyTorch 1 thread | gan-lab all cores | PyTorch all cores |")
    print("|---|---|---|---|---|")
    for size in (4, 16, 64, 256, 512, 1024):
        o1 = get(kernels, "MatmulBench.square", n=size, threads="1")
        on = get(kernels, "MatmulBench.square", n=size, threads="all")
        p1 = torch1.get(f"matmul.{size}", {}).get("us")
        pn = torchn.get(f"matmul.{size}", {}).get("us")
        print(f"| matmul {size}³ | {fmt(o1)} | {fmt(p1)} | {fmt(on)} | {fmt(pn)} |")
    for shape in ("1x4x3", "1x3x1", "1x4x4", "32x1x2", "32x2x1"):
        o = get(kernels, "SeedShapesBench.linearProduct", shape=shape)
        print(f"| x·Wᵀ {shape} (batch×in×out) | {fmt(o)} | {fmt(torch1.get('seedshape.' + shape, {}).get('us'))} | | |")
    for kind in ("add", "mul", "sigmoid", "sum"):
        for size in (1000, 1000000):
            o = get(kernels, f"ElementwiseBench.{kind}", size=size)
            print(f"| {kind} {size:,} | {fmt(o)} | {fmt(torch1.get(f'elementwise.{kind}.{size}', {}).get('us'))} | | |")


def ms(v):
    if v is None:
        return ""
    if isinstance(v, tuple):
        v = v[0]
    return f"{v / 1000:.1f}"


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, tuple):
        v = v[0]
    return f"{v:.2f}" if v < 10 else f"{v:.0f}"


if __name__ == "__main__":
    main(sys.argv[1])
