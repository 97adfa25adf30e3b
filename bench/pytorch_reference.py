#!/usr/bin/env python3
"""PyTorch reference timings for the nets mlaas-server trains, for the ratio benchmarks.

The same architectures, optimiser, batch size and record count as the server's ML-Leaks MLP and CNN, on one thread.
Prints one JSON object. Run with Debian's interpreter (/usr/bin/python3), which sees Debian's python3-torch; install libopenblas0-pthread
too, or torch's dense layers run on the reference BLAS.
  /usr/bin/python3 bench/pytorch_reference.py [--mlp-epochs 50] [--cnn-epochs 5]
"""
import argparse
import json
import os
import sys
import time

try:
    import torch
    from torch import nn
except ImportError:
    print(json.dumps({"available": False,
                      "reason": "PyTorch is missing: apt-get install python3-torch (run with /usr/bin/python3)"}))
    sys.exit(0)


def train(model, x, y, epochs, batch):
    optimiser = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(1)
    per_epoch = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(x.shape[0], generator=generator)
        for i in range(0, x.shape[0], batch):
            idx = order[i:i + batch]
            optimiser.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            optimiser.step()
        per_epoch.append(time.perf_counter() - start)
    return per_epoch


def blas():
    """Debian's torch uses whichever libblas.so.3 the alternatives system picks; the reference one is ~10x slower."""
    link = "/etc/alternatives/libblas.so.3-x86_64-linux-gnu"
    path = os.path.realpath(link) if os.path.exists(link) else "unknown"
    return path, ("openblas" in path or "blis" in path or "mkl" in path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2500)
    parser.add_argument("--mlp-epochs", type=int, default=50)
    parser.add_argument("--cnn-epochs", type=int, default=5)
    parser.add_argument("--mlp-only", action="store_true",
                        help="train only the MLP (the benchmark's side-by-side control runs two of these at once)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)

    x = (torch.rand(args.records, 600) < 0.5).float()
    y = torch.randint(0, 100, (args.records,))
    mlp = nn.Sequential(nn.Linear(600, 128), nn.Tanh(), nn.Linear(128, 100))
    train(mlp, x[:200], y[:200], 1, 100)  # warm-up
    mlp_epochs = train(mlp, x, y, args.mlp_epochs, 100)

    cnn_epochs = []
    if not args.mlp_only:
        images = torch.rand(args.records, 1, 28, 28)
        labels = torch.randint(0, 10, (args.records,))
        cnn = nn.Sequential(nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 32, 3), nn.ReLU(),
                            nn.MaxPool2d(2), nn.Flatten(), nn.Linear(32 * 5 * 5, 128), nn.Tanh(), nn.Linear(128, 10))
        train(cnn, images[:200], labels[:200], 1, 100)  # warm-up
        cnn_epochs = train(cnn, images, labels, args.cnn_epochs, 100)

    blas_path, optimised = blas()
    print(json.dumps({
        "available": True,
        "torch": torch.__version__,
        "blas": blas_path,
        "blasOptimised": optimised,
        "threads": torch.get_num_threads(),
        "mlpSeconds": round(sum(mlp_epochs), 3),
        "mlpEpochs": args.mlp_epochs,
        "cnnSecondsPerEpoch": round(sum(cnn_epochs) / len(cnn_epochs), 3) if cnn_epochs else None,
        "cnnEpochs": args.cnn_epochs,
    }))


if __name__ == "__main__":
    main()
