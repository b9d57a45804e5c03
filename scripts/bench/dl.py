"""The Python half of scripts/bench/dl.sh (issue #7): deep-learning training speed side by side.

    dl.py prepare DIR   writes the MNIST batches both sides train on (.npy) into DIR
    dl.py time DIR      times PyTorch on the same networks and batches: DIR/theirs.json
    dl.py table DIR     prints ours (criterion's DIR/criterion, DIR/ours*.json) / theirs
    dl.py steps DIR OUT times PyTorch's f32 training steps alone (MLP, LeNet, ResNet): OUT/theirs.json
    dl.py rounds DIR    prints the rounds' table: ours (DIR/round*/criterion) / theirs
                        (DIR/round*/theirs.json) a round at a time, and the medians

The Rust half is two criterion benches: labs/deep/benches/dl.rs (candle, f32: the library code
`mnist-cnn` and the CIFAR-10 labs train with) and labs/neural/benches/dl.rs (our from-scratch
tensor engine, f64 only). A training step is forward + cross-entropy + backward + optimizer step
on one batch of 128; nothing else (no batch assembly, accuracy or progress bar) on either side.
An epoch is 60 000 images for MNIST (468.75 steps), 50 000 for CIFAR-10 (390.625 steps): the
table gives the step time × that.

Networks, all from SplitMix64 weights (seed 42), PyTorch's default bound 1/√fan_in:

- MLP 784-256-128-10, ReLU, dropout 0.2, SGD (lr 0.05, momentum 0.9, weight decay 5e-4): the
  `mnist-cnn` lab's first recipe; PyTorch runs scripts/reference/deep.py's `forward32`;
- LeNet-5-style: conv 1→6 5×5 pad 2 → ReLU → max-pool 2 → conv 6→16 5×5 → ReLU → max-pool 2
  → 120 → 84 → 10, dropout 0.25, AdamW (lr 3e-3, weight decay 0.01): the lab's second recipe;
- the engine's MLP and LeNet: the same layers without dropout (the engine has none), float64,
  SGD with momentum 0.9 (the engine's optimizer, no weight decay); PyTorch in float64 alike;
- the ResNet-style CIFAR-10 net of labs/deep's `models::RESNET` (batch norm in training mode),
  SGD (lr 0.05, momentum 0.9, weight decay 5e-4): the `cifar-cnn` lab's ResNet recipe; PyTorch
  runs scripts/reference/cifar.py's `build` and `forward`. Its batches, the first 16 × 128
  training images scaled to [0, 1], come from the Rust side (DIR/cifar_x.npy, cifar_y.npy),
  which reads CIFAR-10 with llmpath-data (the full set if fetched, else the offline subset).

Inputs: the first 16 batches of MNIST's training images in file order, scaled to [0, 1] and
standardised with 0.1307 / 0.3081 (the lab's), (2048, 1, 28, 28) f32; each step takes the next
batch, round and round. Checks: the loss of batch 0 at the initial weights, without dropout,
which must agree on both sides (the same architecture, weights and data).

Timing, the same protocol as criterion's flat sampling in the benches and classic.py: warm up
for 1 s, then 10 samples of m steps each, m chosen so the samples take about 3 s in all (at
least one step each); the time is the median over the samples of the mean time of a step.
Threads: torch.set_num_threads(THREADS) (dl.sh: 2), one inter-op thread.
"""

import json
import math
import os
import platform
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # no __pycache__ beside the reference scripts
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
os.environ.setdefault("LLMPATH_DATA", os.path.join(HERE, "../../../shared/data"))
try:
    import cifar  # noqa: E402  (the cifar-cnn lab's reference: its ResNet)
except ImportError:
    cifar = None
import deep  # noqa: E402  (the mnist-cnn lab's reference: its networks, weights and MNIST reader)
from splitmix import uniform  # noqa: E402

torch.set_default_dtype(torch.float32)  # deep.py and cifar.py set float64 on import

QUICK = os.environ.get("QUICK") == "1"  # dl.sh QUICK=1: a dry run, the samples in 0.3 s
SAMPLES = 10
# The samples' total time: BENCH_BUDGET_S (the scripts' rounds), else 3 s (QUICK: 0.3 s); the
# warm-up a third of it, at most 1 s (criterion's, as the benches set it).
BUDGET_S = float(os.environ.get("BENCH_BUDGET_S") or (0.3 if QUICK else 3.0))
WARM_UP_S = min(1.0, BUDGET_S / 3)
BATCH, BATCHES, SEED = 128, 16, 42

# (criterion id, PyTorch key, workload, ours, theirs): the table's rows, in order.
ROWS = [
    ("candle_mlp", "mlp", "MLP 784-256-128-10, dropout, SGD + momentum (f32)",
     "candle: the lab's network and optimizer", "PyTorch: deep.py `forward32`, `optim.SGD`"),
    ("candle_lenet", "lenet", "LeNet-5-style, dropout, AdamW (f32)",
     "candle: the lab's network (labs/deep `conv2d`, `max_pool2`, `linear`)", "PyTorch: deep.py `forward32`, `optim.AdamW`"),
    ("candle_resnet", "resnet", "ResNet-8 (widths 8-16-32, batch norm) on CIFAR-10, SGD + momentum (f32)",
     "candle: labs/deep `models::RESNET`", "PyTorch: cifar.py `build`, `forward`"),
    ("engine_mlp", "mlp64", "MLP 784-256-128-10, SGD + momentum (f64)",
     "our engine (labs/neural `tensor`)", "PyTorch float64, same layers"),
    ("engine_lenet", "lenet64", "LeNet-5-style, SGD + momentum (f64)",
     "our engine: im2col conv, argmax max-pool", "PyTorch float64, F.conv2d, F.max_pool2d"),
]
# Parts of a LeNet step, candle against PyTorch, to find where candle's time goes.
PARTS = [
    ("conv1_fwd", "conv 1→6 5×5 pad 2 forward, (128, 1, 28, 28)", "the lab's `conv2d` (im2col an image at a time, one product each)"),
    ("conv1_fwd_candle", "same, candle's `Conv2d::forward`", "candle `conv2d`"),
    ("conv1_fwd_bwd", "conv 1→6 forward + backward (W and b; the images need none)", "the lab's `conv2d`"),
    ("conv2_fwd", "conv 6→16 5×5 forward, (128, 6, 14, 14)", "the lab's `conv2d`"),
    ("conv2_fwd_candle", "same, candle's `Conv2d::forward`", "candle"),
    ("conv2_fwd_bwd", "conv 6→16 forward + backward (x, W, b gradients)", "the lab's `conv2d` (col2im backward)"),
    ("conv2_fwd_bwd_candle", "same, candle's `Conv2d` (transposed-convolution backward)", "candle"),
    ("conv2_bwd_input", "conv 6→16: the input's gradient alone", "candle `conv_transpose2d` (its backward)"),
    ("conv2_bwd_weight", "conv 6→16: the kernel's gradient alone", "candle `conv2d` of the transposed input"),
    ("conv2_bwd_input_gemm", "conv 6→16: the product inside an im2col input gradient, Wᵀ · Ḡ (no col2im)",
     "candle `broadcast_matmul`"),
    ("conv2_bwd_weight_gemm", "conv 6→16: the kernel's gradient as Σ_b Ḡ_b · columns_bᵀ", "candle `matmul` + `sum`"),
    ("conv3x3_fwd", "conv 8→8 3×3 pad 1 forward, (128, 8, 32, 32): the ResNet's first stage", "the lab's `conv2d`"),
    ("conv3x3_fwd_candle", "same, candle's `Conv2d::forward`", "candle"),
    ("conv3x3_fwd_bwd", "same, forward + backward", "the lab's `conv2d`"),
    ("conv3x3_fwd_bwd_candle", "same, candle's `Conv2d`", "candle"),
    ("bn_fwd_bwd", "batch norm, training mode, forward + backward, (128, 8, 32, 32)", "the lab's fused `batch_norm`"),
    ("bn_fwd_bwd_candle", "same, candle's `BatchNorm::forward_t`", "candle_nn"),
    ("pool_fwd_bwd", "max-pool 2×2 forward + backward, (128, 6, 28, 28)", "the lab's `max_pool2` (one op)"),
    ("pool_fwd_bwd_candle", "same, candle's `max_pool2d` (its gradient is wrong)", "candle `max_pool2d`"),
    ("fc_fwd_bwd", "linear 400→120→84→10 + ReLU forward + backward, batch 128", "the lab's `linear` (one op)"),
    ("matmul", "conv1's im2col product (6, 25) · (128, 25, 784)", "candle `broadcast_matmul`"),
    ("lenet_fwd", "LeNet forward (training mode) + loss", "candle"),
    ("lenet_fwd_bwd", "LeNet forward + loss + backward", "candle"),
    ("adamw_step", "AdamW step on LeNet's 61 706 parameters", "candle_nn `AdamW`"),
]


def prepare(out):
    os.makedirs(out, exist_ok=True)
    x, y = deep.mnist("train", BATCH * BATCHES)  # (2048, 1, 28, 28) in [0, 1], file order
    np.save(os.path.join(out, "mnist_x.npy"), ((x - 0.1307) / 0.3081).numpy().astype(np.float32))
    np.save(os.path.join(out, "mnist_y.npy"), y.numpy().astype(np.int64))


def measure(call):
    """Median over SAMPLES samples of the mean seconds of one call (see the module doc)."""
    start, calls = time.perf_counter(), 0
    while calls == 0 or time.perf_counter() - start < WARM_UP_S:
        call()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    m = max(1, int(BUDGET_S / (SAMPLES * per_call)))
    samples = []
    for _ in range(SAMPLES):
        t = time.perf_counter()
        for _ in range(m):
            call()
        samples.append((time.perf_counter() - t) / m)
    return float(np.median(samples)), m


def engine_params(shapes, dtype):
    """The engine's layout and stream: W (in, out) for linear layers (labs/neural `init`)."""
    out, start = [], 0
    for shape, fan_in in shapes:
        n = math.prod(shape)
        w = (2.0 * uniform(SEED, start, n) - 1.0) / math.sqrt(fan_in)
        out.append(torch.tensor(w, dtype=dtype).reshape(shape).requires_grad_())
        start += n
    return out


MLP64 = [((784, 256), 784), ((256,), 784), ((256, 128), 256), ((128,), 256), ((128, 10), 128), ((10,), 128)]
LENET64 = [((6, 1, 5, 5), 25), ((6,), 25), ((16, 6, 5, 5), 150), ((16,), 150), ((400, 120), 400), ((120,), 400),
           ((120, 84), 120), ((84,), 120), ((84, 10), 84), ((10,), 84)]


def engine_forward(p, x):
    """The engine benches' networks: conv layers (if any), then x W + b with ReLU between."""
    if len(p) == len(LENET64):
        h = F.max_pool2d(F.relu(F.conv2d(x, p[0], p[1], padding=2)), 2)
        x, p = F.max_pool2d(F.relu(F.conv2d(h, p[2], p[3])), 2).flatten(1), p[4:]
    else:
        x = x.flatten(1)
    for k in range(0, len(p), 2):
        x = x @ p[k] + p[k + 1]
        if k + 2 < len(p):
            x = F.relu(x)
    return x


def stepper(forward, params, opt, xs, ys):
    state = {"k": 0}

    def step():
        k = state["k"] = (state["k"] + 1) % len(xs)
        opt.zero_grad()
        F.cross_entropy(forward(params, xs[k]), ys[k]).backward()
        opt.step()

    return step


def first_loss(forward, params, xs, ys):
    with torch.no_grad():
        return F.cross_entropy(forward(params, xs[0]), ys[0]).item()


def time_theirs(d, out=None, steps_only=False):
    threads = int(os.environ.get("THREADS", "2"))
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    x = torch.from_numpy(np.load(os.path.join(d, "mnist_x.npy")))
    y = torch.from_numpy(np.load(os.path.join(d, "mnist_y.npy")))
    xs, ys = x.split(BATCH), y.split(BATCH)
    results, load_before = {}, os.getloadavg()

    def run(key, step, check):
        seconds, m = measure(step)
        results[key] = {"ms": seconds * 1e3, "steps_per_sample": m, "check": check}
        print(f"  {key:24} {seconds * 1e3:10.3f} ms   {check}", file=sys.stderr)

    # The lab's two recipes, f32.
    for key, cnn, params in [("mlp", False, deep.MLP_PARAMS), ("lenet", True, deep.PARAMS)]:
        p = deep.net32(params, SEED)
        train = lambda p, x, cnn=cnn: deep.forward32(p, x, cnn, True)  # noqa: E731
        evaluate = lambda p, x, cnn=cnn: deep.forward32(p, x, cnn, False)  # noqa: E731
        check = {"loss0": first_loss(evaluate, p, xs, ys)}
        opt = (torch.optim.AdamW(list(p.values()), lr=3e-3, weight_decay=0.01) if cnn
               else torch.optim.SGD(list(p.values()), lr=0.05, momentum=0.9, weight_decay=5e-4))
        run(key, stepper(train, p, opt, xs, ys), check)

    # The cifar-cnn lab's ResNet, f32, on the batches the candle bench wrote.
    if cifar is not None and os.path.exists(os.path.join(d, "cifar_x.npy")):
        cx = torch.from_numpy(np.load(os.path.join(d, "cifar_x.npy"))).split(BATCH)
        cy = torch.from_numpy(np.load(os.path.join(d, "cifar_y.npy"))).split(BATCH)
        p, buffers = cifar.build(cifar.RESNET, SEED, torch.float32)
        train = lambda p, x: cifar.forward(cifar.RESNET, p, buffers, x, True)  # noqa: E731
        evaluate = lambda p, x: cifar.forward(cifar.RESNET, p, buffers, x, False)  # noqa: E731
        check = {"loss0": first_loss(evaluate, p, cx, cy)}
        opt = torch.optim.SGD(list(p.values()), lr=0.05, momentum=0.9, weight_decay=5e-4)
        run("resnet", stepper(train, p, opt, cx, cy), check)

    if steps_only:
        with open(os.path.join(out, "theirs.json"), "w") as f:
            json.dump({"results": results, "loadavg_before": load_before, "loadavg_after": os.getloadavg()}, f)
        return

    # The engine's networks, f64.
    x64, xs64 = x.double(), x.double().split(BATCH)
    for key, shapes in [("mlp64", MLP64), ("lenet64", LENET64)]:
        p = engine_params(shapes, torch.float64)
        check = {"loss0": first_loss(engine_forward, p, xs64, ys)}
        run(key, stepper(engine_forward, p, torch.optim.SGD(p, lr=0.01, momentum=0.9), xs64, ys), check)
    del x64

    parts = time_parts(xs, ys)

    info = {
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "torch": torch.__version__},
        "threads": {"torch.get_num_threads": torch.get_num_threads(),
                    "torch.get_num_interop_threads": torch.get_num_interop_threads(),
                    "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
                    "cpu_capability": torch.backends.cpu.get_cpu_capability(),
                    "mkldnn": torch.backends.mkldnn.is_available()},
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "results": results,
        "parts": parts,
    }
    with open(os.path.join(d, "theirs.json"), "w") as f:
        json.dump(info, f, indent=1)


def time_parts(xs, ys):
    """PyTorch's time for each of PARTS (the same shapes and layers as the candle bench)."""
    p = deep.net32(deep.PARAMS, SEED)
    x = xs[0]
    h1 = F.relu(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=2)).detach()  # (128, 6, 28, 28)
    h = F.max_pool2d(h1, 2).detach().requires_grad_()  # (128, 6, 14, 14)
    h1 = h1.requires_grad_()
    z = F.max_pool2d(F.relu(F.conv2d(h, p["conv2.weight"], p["conv2.bias"])), 2).flatten(1).detach()
    z = z.requires_grad_()  # (128, 400)
    cols = torch.rand(BATCH, 25, 784) * 2 - 1
    w1 = p["conv1.weight"].detach().reshape(6, 25)
    opt = torch.optim.AdamW(list(p.values()), lr=3e-3, weight_decay=0.01)
    g2, w2 = torch.rand(BATCH, 16, 10, 10) * 2 - 1, p["conv2.weight"].detach()
    x3 = (torch.rand(BATCH, 8, 32, 32) * 2 - 1).requires_grad_()
    w3 = (torch.rand(8, 8, 3, 3) * 0.16 - 0.08).requires_grad_()
    rm, rv = torch.zeros(8), torch.ones(8)
    gamma, beta = torch.ones(8, requires_grad=True), torch.zeros(8, requires_grad=True)

    def backward(out):
        out.sum().backward()

    def fc():
        a = F.relu(F.linear(z, p["fc1.weight"], p["fc1.bias"]))
        a = F.relu(F.linear(a, p["fc2.weight"], p["fc2.bias"]))
        backward(F.linear(a, p["fc3.weight"], p["fc3.bias"]))

    def lenet_fwd():
        with torch.no_grad():
            F.cross_entropy(deep.forward32(p, x, True, True), ys[0])

    def lenet_fwd_bwd():
        F.cross_entropy(deep.forward32(p, x, True, True), ys[0]).backward()

    lenet_fwd_bwd()  # AdamW needs gradients
    calls = {
        "conv1_fwd": lambda: F.conv2d(x, p["conv1.weight"].detach(), p["conv1.bias"].detach(), padding=2),
        "conv1_fwd_bwd": lambda: backward(F.conv2d(x, p["conv1.weight"], p["conv1.bias"], padding=2)),
        "bn_fwd_bwd": lambda: backward(F.batch_norm(x3, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)),
        "conv2_fwd": lambda: F.conv2d(h.detach(), p["conv2.weight"].detach(), p["conv2.bias"].detach()),
        "conv2_fwd_bwd": lambda: backward(F.conv2d(h, p["conv2.weight"], p["conv2.bias"])),
        "conv2_bwd_input": lambda: torch.nn.grad.conv2d_input(h.shape, w2, g2),
        "conv2_bwd_weight": lambda: torch.nn.grad.conv2d_weight(h.detach(), w2.shape, g2),
        "conv3x3_fwd": lambda: F.conv2d(x3.detach(), w3.detach(), padding=1),
        "conv3x3_fwd_bwd": lambda: backward(F.conv2d(x3, w3, padding=1)),
        "pool_fwd_bwd": lambda: backward(F.max_pool2d(h1, 2)),
        "fc_fwd_bwd": fc,
        "matmul": lambda: w1 @ cols,
        "lenet_fwd": lenet_fwd,
        "lenet_fwd_bwd": lenet_fwd_bwd,
        "adamw_step": opt.step,
    }
    out = {}
    for key, call in calls.items():
        seconds, m = measure(call)
        out[key] = {"ms": seconds * 1e3, "calls_per_sample": m}
        print(f"  part {key:19} {seconds * 1e3:10.3f} ms", file=sys.stderr)
    return out


def criterion_ms(d, bench_id, group="dl"):
    """Criterion's median of `group/bench_id` in milliseconds, or None if it did not run."""
    path = os.path.join(d, "criterion", group, bench_id, "new", "estimates.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1e6


def ours(d):
    out = {}
    for name in ("ours_candle.json", "ours_engine.json"):
        path = os.path.join(d, name)
        if os.path.exists(path):
            with open(path) as f:
                side = json.load(f)
            out.setdefault("checks", {}).update(side["checks"])
            out.setdefault("environment", {})[name] = side["environment"]
    return out


def table(d):
    with open(os.path.join(d, "theirs.json")) as f:
        theirs = json.load(f)
    us = ours(d)
    print("| workload | ours | theirs | ours: step (ms) | theirs: step (ms) | ours: epoch (s) | theirs: epoch (s) | ours / theirs |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for bench_id, key, workload, what_ours, what_theirs in ROWS:
        o, t = criterion_ms(d, bench_id), theirs["results"].get(key, {}).get("ms")
        if o is None or t is None:
            continue
        steps = (50_000 if key == "resnet" else 60_000) / BATCH  # CIFAR-10's epoch: 50 000 images
        epoch = f"{o * steps / 1e3:.1f} | {t * steps / 1e3:.1f}"
        print(f"| {workload} | {what_ours} | {what_theirs} | {o:.2f} | {t:.2f} | {epoch} | {o / t:.2f} |")
    for bench_id, key in [("engine_mlp", "mlp"), ("engine_lenet", "lenet")]:
        o, t = criterion_ms(d, bench_id), theirs["results"].get(key, {}).get("ms")
        if o is not None and t is not None:
            print(f"\n  {bench_id} (f64, no dropout) / PyTorch's f32 {key} step (the lab's recipe): {o / t:.2f}")
    print("\nParts of a LeNet step (candle / PyTorch f32, batch 128):\n")
    print("| part | candle | candle (ms) | PyTorch (ms) | candle / PyTorch |")
    print("| --- | --- | ---: | ---: | ---: |")
    for key, part, what in PARTS:
        o = criterion_ms(d, f"part_{key}")
        base = key.removesuffix("_candle").removesuffix("_im2col").removesuffix("_col2im").removesuffix("_gemm")
        t = theirs["parts"].get(base, {}).get("ms")
        if o is not None and t is not None:
            print(f"| {part} | {what} | {o:.3f} | {t:.3f} | {o / t:.2f} |")
    print("\nSame answers: loss of batch 0 at the initial weights, no dropout (ours; theirs):")
    for bench_id, key, *_ in ROWS:
        if key in theirs["results"]:
            print(f"  {bench_id:19} {json.dumps(us.get('checks', {}).get(bench_id))}; {json.dumps(theirs['results'][key]['check'])}")
    gap = us.get("checks", {}).get("conv2_input_grad_gap")
    print(f"  conv2's input gradient, candle's Conv2d against the lab's col2im: max |Δ| = {gap}")
    print("\nThreads and kernels:")
    for name, env in us.get("environment", {}).items():
        print(f"  ours ({name}): {json.dumps(env)}")
    print(f"  theirs: {json.dumps(theirs['threads'])}")
    print(f"  versions: {json.dumps(theirs['versions'])}")
    print(f"  load average (1, 5, 15 min) around the PyTorch timings: {theirs['loadavg_before']} → {theirs['loadavg_after']}")


def rounds(d):
    """The candle steps against PyTorch's, round by round (dl.sh's ROUNDS), and the medians."""
    dirs = sorted((os.path.join(d, r) for r in os.listdir(d) if r.startswith("round")),
                  key=lambda r: int(r.rsplit("round", 1)[1]))
    theirs = [json.load(open(os.path.join(r, "theirs.json")))["results"] for r in dirs]
    print(f"{len(dirs)} rounds, ours then theirs, each {BUDGET_S:g} s of samples a workload; ours/theirs in ms:")
    lines = []
    for bench_id, key, workload, *_ in ROWS[:3]:
        pairs = [(criterion_ms(r, bench_id), t.get(key, {}).get("ms")) for r, t in zip(dirs, theirs)]
        pairs = [(o, t) for o, t in pairs if o is not None and t is not None]
        if not pairs:
            continue
        print(f"  {key:7} " + "  ".join(f"{o:.2f}/{t:.2f}" for o, t in pairs))
        ratios = [o / t for o, t in pairs]
        o, t = float(np.median([o for o, _ in pairs])), float(np.median([t for _, t in pairs]))
        lines.append(f"| {workload} | {o:.2f} | {t:.2f} | {float(np.median(ratios)):.2f} "
                     f"({min(ratios):.2f}–{max(ratios):.2f}) |")
    print("\n| workload | ours: step (ms), median | theirs: step (ms), median | ours / theirs: median of the rounds (range) |")
    print("| --- | ---: | ---: | ---: |")
    print("\n".join(lines))


if __name__ == "__main__":
    commands = {"prepare": 3, "time": 3, "table": 3, "steps": 4, "rounds": 3}
    if len(sys.argv) < 2 or commands.get(sys.argv[1]) != len(sys.argv):
        sys.exit(__doc__)
    if sys.argv[1] == "steps":
        time_theirs(sys.argv[2], sys.argv[3], steps_only=True)
    else:
        {"prepare": prepare, "time": time_theirs, "table": table, "rounds": rounds}[sys.argv[1]](sys.argv[2])
