#!/usr/bin/env python3
"""The gan-bench workloads in PyTorch eager on the CPU, for ratios measured on one machine.

Same shapes, losses, optimisers and procedure as gan-bench's StepBench, ConvBench, MatmulBench,
SeedShapesBench and ElementwiseBench; inputs cycle through a pool made beforehand, as there.
Run it with /usr/bin/python3 (the interpreter Debian's python3-torch is installed for).

    /usr/bin/python3 bench/pytorch_reference.py [--quick] [--threads N] [--out results.json]

Install with Debian's packages: apt-get install python3-torch libopenblas0-pthread (without
OpenBLAS, torch multiplies with the reference BLAS, about 6 GFLOP/s here instead of 140).
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

POOL = 64


def measure(fn, min_seconds, repeats=5):
    """Median over `repeats` of the mean time per call in a batch lasting about min_seconds (µs)."""
    for _ in range(3):
        fn()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds / 10:
            break
        calls *= 2
    calls = max(1, int(calls * (min_seconds / 10) / max(elapsed, 1e-9)))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(samples)


class GanStep:
    """D on real (target 1), D step; D on detached G(z_d) (target 0), D step (or one joint D step);
    G through D (target 1), G's gradients only, G step — as gan-lab's GanStep."""

    def __init__(self, d, g, loss, d_opt, g_opt, joint, real, z_d, z_g):
        self.d, self.g, self.loss = d, g, loss
        self.d_opt, self.g_opt, self.joint = d_opt, g_opt, joint
        self.real, self.z_d, self.z_g = real, z_d, z_g
        self.i = 0

    def __call__(self):
        i = self.i % POOL
        self.i += 1
        real, z_d, z_g = self.real[i], self.z_d[i], self.z_g[i]
        self.d_opt.zero_grad()
        d_real = self.loss(self.d(real), torch.ones(real.shape[0], 1, device=real.device))
        if not self.joint:
            d_real.backward()
            self.d_opt.step()
            self.d_opt.zero_grad()
        with torch.no_grad():
            fake = self.g(z_d)
        d_fake = self.loss(self.d(fake), torch.zeros(fake.shape[0], 1, device=fake.device))
        if self.joint:
            (d_real + d_fake).backward()
        else:
            d_fake.backward()
        self.d_opt.step()
        self.g_opt.zero_grad()
        g_loss = self.loss(self.d(self.g(z_g)), torch.ones(z_g.shape[0], 1, device=z_g.device))
        # Only G's gradients, as gan-lab's G step asks for (backward(inputs)): PyTorch's engine then
        # skips D's weight gradients too.
        g_loss.backward(inputs=list(self.g.parameters()))
        self.g_opt.step()
        return d_real.item(), d_fake.item(), g_loss.item()


def pools(batch, data_width, latent_width, device):
    return ([torch.rand(batch, data_width, device=device) * 2 - 1 for _ in range(POOL)],
            [torch.rand(batch, latent_width, device=device) * 2 - 1 for _ in range(POOL)],
            [torch.rand(batch, latent_width, device=device) * 2 - 1 for _ in range(POOL)])


def steps(device="cpu"):
    """The StepBench steps, their networks and pools on `device` (bench/gpu_reference.py uses cuda)."""
    global torch, nn
    import torch
    import torch.nn as nn
    torch.manual_seed(4)
    d = nn.Sequential(nn.Linear(4, 3, bias=False), nn.Sigmoid(), nn.Linear(3, 1, bias=False), nn.Sigmoid())
    g = nn.Sequential(nn.Linear(4, 4, bias=False), nn.Sigmoid(), nn.Linear(4, 4, bias=False), nn.Sigmoid())
    d, g = d.to(device), g.to(device)
    yield "pattern1010", GanStep(d, g, nn.MSELoss(), torch.optim.SGD(d.parameters(), lr=0.01),
                                 torch.optim.SGD(g.parameters(), lr=0.01), False, *pools(1, 4, 4, device))
    d = nn.Sequential(nn.Linear(1, 2), nn.Sigmoid(), nn.Linear(2, 1), nn.Sigmoid())
    g = nn.Linear(1, 1)
    d, g = d.to(device), g.to(device)
    yield "singlePoint", GanStep(d, g, nn.BCELoss(), torch.optim.Adam(d.parameters(), lr=0.05),
                                 torch.optim.Adam(g.parameters(), lr=0.05), True, *pools(32, 1, 1, device))
    g = nn.Sequential(nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2), nn.Linear(128, 2))
    d = nn.Sequential(nn.Linear(2, 128), nn.LeakyReLU(0.2), nn.Linear(128, 128), nn.LeakyReLU(0.2),
                      nn.Linear(128, 1), nn.Sigmoid())
    d, g = d.to(device), g.to(device)
    yield "mlpGan", GanStep(d, g, nn.BCELoss(), torch.optim.Adam(d.parameters(), lr=2e-4),
                            torch.optim.Adam(g.parameters(), lr=2e-4), True, *pools(512, 2, 2, device))
    g = nn.Sequential(nn.Linear(100, 200), nn.LeakyReLU(0.02), nn.LayerNorm(200), nn.Linear(200, 784), nn.Sigmoid())
    d = nn.Sequential(nn.Linear(784, 200), nn.LeakyReLU(0.02), nn.LayerNorm(200), nn.Linear(200, 1), nn.Sigmoid())
    d, g = d.to(device), g.to(device)
    yield "fashionMlp", GanStep(d, g, nn.BCELoss(), torch.optim.Adam(d.parameters(), lr=1e-4),
                                torch.optim.Adam(g.parameters(), lr=1e-4), False, *pools(1, 784, 100, device))
    g = nn.Sequential(nn.Linear(100, 128 * 7 * 7, bias=False), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
                      nn.Unflatten(1, (128, 7, 7)), nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64),
                      nn.ReLU(), nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Tanh())
    d = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1, bias=False),
                      nn.BatchNorm2d(128), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 7 * 7, 1))
    d, g = d.to(device), g.to(device)
    real, z_d, z_g = pools(64, 28 * 28, 100, device)
    real = [r.reshape(64, 1, 28, 28) for r in real]
    yield "dcgan", GanStep(d, g, nn.BCEWithLogitsLoss(), torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999)),
                           torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999)), True, real, z_d, z_g)
    # gan run fashion-dcgan at its defaults: Lucic et al.'s InfoGAN-style networks, batch 64, latent 64.
    g = nn.Sequential(nn.Linear(64, 1024, bias=False), nn.BatchNorm1d(1024), nn.ReLU(),
                      nn.Linear(1024, 128 * 7 * 7, bias=False), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(),
                      nn.Unflatten(1, (128, 7, 7)), nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False), nn.BatchNorm2d(64),
                      nn.ReLU(), nn.ConvTranspose2d(64, 1, 4, 2, 1), nn.Sigmoid())
    d = nn.Sequential(nn.Conv2d(1, 64, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(64, 128, 4, 2, 1, bias=False),
                      nn.BatchNorm2d(128), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(128 * 7 * 7, 1024, bias=False),
                      nn.BatchNorm1d(1024), nn.LeakyReLU(0.2), nn.Linear(1024, 1))
    d, g = d.to(device), g.to(device)
    real, z_d, z_g = pools(64, 28 * 28, 64, device)
    real = [r.reshape(64, 1, 28, 28) for r in real]
    yield "fashionDcgan", GanStep(d, g, nn.BCEWithLogitsLoss(),
                                  torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999)),
                                  torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999)), True, real, z_d, z_g)


# gan-bench's ConvBench: batch 64, 4x4 kernels, stride 2, padding 1, no bias.
# name: (input channels, input side, output channels, output side)
CONV_SHAPES = {"conv1": (1, 28, 64, 14), "conv2": (64, 14, 128, 7), "convT2": (128, 7, 64, 14), "convT1": (64, 14, 1, 28)}


def convolutions(device="cpu"):
    """(name, pass, fn) for each ConvBench case: forward, or forward then the input and weight gradients."""
    import torch
    import torch.nn.functional as F
    torch.manual_seed(2)
    for name, (cin, side, cout, out_side) in CONV_SHAPES.items():
        transposed = name.startswith("convT")
        x = (torch.rand(64, cin, side, side, device=device) * 2 - 1).requires_grad_(True)
        w_shape = (cin, cout, 4, 4) if transposed else (cout, cin, 4, 4)
        w = ((torch.rand(*w_shape, device=device) * 2 - 1) * 0.05).requires_grad_(True)
        dy = torch.rand(64, cout, out_side, out_side, device=device) * 2 - 1
        op = F.conv_transpose2d if transposed else F.conv2d

        def forward(x=x, w=w, op=op):
            with torch.no_grad():
                return op(x, w, stride=2, padding=1)

        def backward(x=x, w=w, dy=dy, op=op):
            return torch.autograd.grad(op(x, w, stride=2, padding=1), (x, w), dy)

        yield name, "forward", forward
        yield name, "backward", backward


def blas():
    """Which BLAS the Debian alternatives system gives torch (OpenBLAS is far faster than the reference one)."""
    try:
        return os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter measurements")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="threads for every workload (PyTorch and its BLAS)")
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    args = parser.parse_args()
    # The BLAS keeps its own thread pool, sized when it loads: set it before torch is imported.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    global torch, nn
    import torch
    import torch.nn as nn
    torch.set_num_threads(args.threads)
    seconds = 0.5 if args.quick else 2.0
    results = {"torch": torch.__version__, "python": platform.python_version(), "machine": platform.processor(),
               "threads": args.threads, "blas": blas(), "benchmarks": {}}
    out = results["benchmarks"]

    for name, fn in steps():
        out["step." + name] = {"us": measure(fn, seconds)}

    for name, kind, fn in convolutions():
        out[f"conv.{name}.{kind}"] = {"us": measure(fn, seconds)}

    for n in (4, 16, 64, 256, 512, 1024):
        a, b = torch.rand(n, n), torch.rand(n, n)
        us = measure(lambda: torch.matmul(a, b), seconds)
        out[f"matmul.{n}"] = {"us": us, "gflops": 2 * n ** 3 / us / 1e3}

    for shape in ("1x4x3", "1x3x1", "1x4x4", "32x1x2", "32x2x1"):
        batch, fan_in, fan_out = map(int, shape.split("x"))
        x, w = torch.rand(batch, fan_in), torch.rand(fan_out, fan_in)
        out["seedshape." + shape] = {"us": measure(lambda: torch.matmul(x, w.t()), seconds)}

    for size in (1000, 1000000):
        a, b = torch.rand(size), torch.rand(size)
        out[f"elementwise.add.{size}"] = {"us": measure(lambda: a + b, seconds)}
        out[f"elementwise.mul.{size}"] = {"us": measure(lambda: a * b, seconds)}
        out[f"elementwise.sigmoid.{size}"] = {"us": measure(lambda: torch.sigmoid(a), seconds)}
        out[f"elementwise.sum.{size}"] = {"us": measure(lambda: a.sum(), seconds)}

    text = json.dumps(results, indent=2)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
