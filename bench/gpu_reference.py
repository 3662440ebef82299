#!/usr/bin/env python3
"""The CUDA backend's yardsticks on the GPU: torch.matmul in float32 with TF32 off (for the SGEMM),
and the StepBench training steps in PyTorch CUDA eager (for the steps), both with TF32 off."""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pytorch_reference  # noqa: E402  the steps' definitions, shared with the CPU reference


def gflops(n, reps=20):
    a = torch.randn(n, n, device="cuda", dtype=torch.float32)
    b = torch.randn(n, n, device="cuda", dtype=torch.float32)
    for _ in range(3):
        torch.matmul(a, b)
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    torch.cuda.synchronize()
    start.record()
    for _ in range(reps):
        torch.matmul(a, b)
    end.record()
    torch.cuda.synchronize()
    seconds = start.elapsed_time(end) / 1000 / reps
    return {"n": n, "us_per_op": seconds * 1e6, "gflops": 2 * n ** 3 / seconds / 1e9}


def synchronised(fn):
    def call():
        fn()
        torch.cuda.synchronize()
    return call


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False  # true fp32 FMA, as our kernel computes
    torch.backends.cudnn.allow_tf32 = False
    result = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0), "tf32": False,
              "matmul": [gflops(n) for n in (256, 1024, 4096)],
              # each step ends in .item() of its three losses, as StepBench's step ends in a synchronize
              "steps": {name: {"us": pytorch_reference.measure(fn, 4.0, repeats=9)}
                        for name, fn in pytorch_reference.steps("cuda")},
              # cuDNN's convolutions at ConvBench's shapes, each call synchronised as ConvBench's is
              "conv": {f"{name}.{kind}": {"us": pytorch_reference.measure(synchronised(fn), 2.0, repeats=9)}
                       for name, kind, fn in pytorch_reference.convolutions("cuda")}}
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
