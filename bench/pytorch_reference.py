#!/usr/bin/env python3
"""PyTorch reference timings for the nets mlaas-server trains, for the ratio benchmarks.

The same architectures, optimiser, batch size and record count as the server's ML-Leaks MLP and CNN, on one thread,
plain, with dropout 0.5 (on the dense layers' inputs, as the server places it) and with DP-SGD (per-sample gradients
by functorch's vmap, as Opacus computes them, clipped to norm 1, Gaussian noise; batches of the expected size 100
rather than Poisson samples, which changes the work by nothing on average). Prints one JSON object. Run with Debian's interpreter (/usr/bin/python3), which sees Debian's python3-torch; install libopenblas0-pthread
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


def train_dp(model, x, y, epochs, batch, noise=1.0, clip=1.0):
    """DP-SGD steps: each record's gradient computed by vmap, clipped, summed, noised, averaged, then Adam."""
    from functorch import grad, make_functional, vmap
    optimiser = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    fmodel, _ = make_functional(model)

    def loss_one(params, xi, yi):
        return loss_fn(fmodel(params, xi.unsqueeze(0)), yi.unsqueeze(0))

    per_sample = vmap(grad(loss_one), in_dims=(None, 0, 0))
    generator = torch.Generator().manual_seed(1)
    per_epoch = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(x.shape[0], generator=generator)
        for i in range(0, x.shape[0], batch):
            idx = order[i:i + batch]
            params = tuple(p.detach() for p in model.parameters())
            grads = per_sample(params, x[idx], y[idx])
            norms = torch.sqrt(sum(g.reshape(g.shape[0], -1).pow(2).sum(1) for g in grads))
            scale = (clip / (norms + 1e-6)).clamp(max=1.0)
            for p, g in zip(model.parameters(), grads):
                summed = (g * scale.view(-1, *([1] * (g.dim() - 1)))).sum(0)
                p.grad = (summed + torch.randn_like(summed) * noise * clip) / batch
            optimiser.step()
        per_epoch.append(time.perf_counter() - start)
    return per_epoch


def mlp_net(dropout):
    if dropout:
        return nn.Sequential(nn.Dropout(0.5), nn.Linear(600, 128), nn.Tanh(), nn.Dropout(0.5), nn.Linear(128, 100))
    return nn.Sequential(nn.Linear(600, 128), nn.Tanh(), nn.Linear(128, 100))


def cnn_net(dropout):
    head = [nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten()]
    if dropout:
        return nn.Sequential(*head, nn.Dropout(0.5), nn.Linear(32 * 5 * 5, 128), nn.Tanh(), nn.Dropout(0.5),
                             nn.Linear(128, 10))
    return nn.Sequential(*head, nn.Linear(32 * 5 * 5, 128), nn.Tanh(), nn.Linear(128, 10))


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
    parser.add_argument("--variants", action="store_true",
                        help="also time dropout 0.5 and DP-SGD (sigma 1, clip 1) for both nets")
    parser.add_argument("--mlp-only", action="store_true",
                        help="train only the MLP (the benchmark's side-by-side control runs two of these at once)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)

    x = (torch.rand(args.records, 600) < 0.5).float()
    y = torch.randint(0, 100, (args.records,))
    mlp = mlp_net(False)
    train(mlp, x[:200], y[:200], 1, 100)  # warm-up
    mlp_epochs = train(mlp, x, y, args.mlp_epochs, 100)

    cnn_epochs, variants = [], {}
    if not args.mlp_only:
        images = torch.rand(args.records, 1, 28, 28)
        labels = torch.randint(0, 10, (args.records,))
        cnn = cnn_net(False)
        train(cnn, images[:200], labels[:200], 1, 100)  # warm-up
        cnn_epochs = train(cnn, images, labels, args.cnn_epochs, 100)
        if args.variants:
            variants["mlpDropoutSeconds"] = round(sum(train(mlp_net(True), x, y, args.mlp_epochs, 100)), 3)
            dp_mlp = mlp_net(False)
            train_dp(dp_mlp, x[:200], y[:200], 1, 100)  # warm-up
            variants["mlpDpSgdSeconds"] = round(sum(train_dp(dp_mlp, x, y, args.mlp_epochs, 100)), 3)
            dropped = train(cnn_net(True), images, labels, args.cnn_epochs, 100)
            variants["cnnDropoutSecondsPerEpoch"] = round(sum(dropped) / len(dropped), 3)
            dp_cnn = cnn_net(False)
            train_dp(dp_cnn, images[:200], labels[:200], 1, 100)  # warm-up
            private = train_dp(dp_cnn, images, labels, args.cnn_epochs, 100)
            variants["cnnDpSgdSecondsPerEpoch"] = round(sum(private) / len(private), 3)

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
        **variants,
    }))


if __name__ == "__main__":
    main()
