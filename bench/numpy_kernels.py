"""Child of bench/kernels.mjs: numpy's column.

Each activation is the textbook numpy formula (what the chapter's programs and most tutorials
write), forward f(x) and backward g * f'(x). The last ufunc of each formula writes into a
preallocated output (out=); temporaries are numpy's own. GELU uses scipy.special.erf when scipy
is present (else that row is skipped). The matrix product is np.matmul(a, b.T, out=c) on
OpenBLAS, whose thread count the parent sets with OPENBLAS_NUM_THREADS / OMP_NUM_THREADS before
this process starts.

Usage: python3 bench/numpy_kernels.py TASK.json   (the parent writes the task and sends requests on stdin)
"""
import json
import math
import sys
import time

import numpy as np

try:
    from scipy.special import erf
except ImportError:  # pragma: no cover - depends on the machine
    erf = None


def formulas(p):
    """id -> (forward(x, out), backward(x, g, out)) with the activation's default parameters."""
    leaky = p["leaky_relu"]["negative_slope"]
    prelu = p["prelu"]["slope"]
    elu_a = p["elu"]["alpha"]
    celu_a = p["celu"]["alpha"]
    selu_a, selu_l = 1.6732632423543772, 1.0507009873554805
    lo, hi = p["hard_tanh"]["min_val"], p["hard_tanh"]["max_val"]
    hs_slope, hs_offset = p["hard_sigmoid"]["slope"], p["hard_sigmoid"]["offset"]
    b = p["squareplus"]["b"]
    soft_l = p["softshrink"]["lambda"]
    hard_l = p["hardshrink"]["lambda"]
    th, th_value = p["threshold"]["threshold"], p["threshold"]["value"]
    rrelu = (p["rrelu"]["lower"] + p["rrelu"]["upper"]) / 2
    c = math.sqrt(2 / math.pi)

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def softplus(x):
        return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)

    table = {
        "sigmoid": (
            lambda x, o: np.divide(1, 1 + np.exp(-x), out=o),
            lambda x, g, o: (lambda s: np.multiply(g * s, 1 - s, out=o))(sigmoid(x)),
        ),
        "tanh": (
            lambda x, o: np.tanh(x, out=o),
            lambda x, g, o: (lambda t: np.multiply(g, 1 - t * t, out=o))(np.tanh(x)),
        ),
        "relu": (
            lambda x, o: np.maximum(x, 0, out=o),
            lambda x, g, o: np.multiply(g, x > 0, out=o),
        ),
        "leaky_relu": (
            lambda x, o: np.copyto(o, np.where(x > 0, x, leaky * x)),
            lambda x, g, o: np.multiply(g, np.where(x > 0, 1, leaky).astype(np.float32), out=o),
        ),
        "prelu": (
            lambda x, o: np.copyto(o, np.where(x > 0, x, prelu * x)),
            lambda x, g, o: np.multiply(g, np.where(x > 0, 1, prelu).astype(np.float32), out=o),
        ),
        "elu": (
            lambda x, o: np.copyto(o, np.where(x > 0, x, elu_a * np.expm1(x))),
            lambda x, g, o: np.multiply(g, np.where(x > 0, 1, elu_a * np.exp(x)), out=o),
        ),
        "selu": (
            lambda x, o: np.multiply(selu_l, np.where(x > 0, x, selu_a * np.expm1(x)), out=o),
            lambda x, g, o: np.multiply(g, selu_l * np.where(x > 0, 1, selu_a * np.exp(x)), out=o),
        ),
        "swish": (
            lambda x, o: np.multiply(x, sigmoid(x), out=o),
            lambda x, g, o: (lambda s: np.multiply(g, s * (1 + x * (1 - s)), out=o))(sigmoid(x)),
        ),
        "gelu_tanh": (
            lambda x, o: np.multiply(0.5 * x, 1 + np.tanh(c * (x + 0.044715 * x**3)), out=o),
            lambda x, g, o: (
                lambda t: np.multiply(
                    g, 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x), out=o
                )
            )(np.tanh(c * (x + 0.044715 * x**3))),
        ),
        "linear": (
            lambda x, o: np.copyto(o, x),
            lambda x, g, o: np.copyto(o, g),
        ),
        "softplus": (
            lambda x, o: np.add(np.log1p(np.exp(-np.abs(x))), np.maximum(x, 0), out=o),
            lambda x, g, o: np.multiply(g, sigmoid(x), out=o),
        ),
        "log_sigmoid": (
            lambda x, o: np.negative(softplus(-x), out=o),
            lambda x, g, o: np.multiply(g, sigmoid(-x), out=o),
        ),
        "mish": (
            lambda x, o: np.multiply(x, np.tanh(softplus(x)), out=o),
            lambda x, g, o: (
                lambda t, s: np.multiply(g, t + x * s * (1 - t * t), out=o)
            )(np.tanh(softplus(x)), sigmoid(x)),
        ),
        "celu": (
            lambda x, o: np.add(np.maximum(x, 0), np.minimum(0, celu_a * np.expm1(x / celu_a)), out=o),
            lambda x, g, o: np.multiply(g, np.where(x > 0, 1, np.exp(x / celu_a)), out=o),
        ),
        "relu6": (
            lambda x, o: np.clip(x, 0, 6, out=o),
            lambda x, g, o: np.multiply(g, (x > 0) & (x < 6), out=o),
        ),
        "hard_tanh": (
            lambda x, o: np.clip(x, lo, hi, out=o),
            lambda x, g, o: np.multiply(g, (x > lo) & (x < hi), out=o),
        ),
        "hard_sigmoid": (
            lambda x, o: np.clip(hs_slope * x + hs_offset, 0, 1, out=o),
            lambda x, g, o: np.multiply(
                g, np.where((x > -hs_offset / hs_slope) & (x < (1 - hs_offset) / hs_slope), hs_slope, 0).astype(np.float32), out=o
            ),
        ),
        "hard_swish": (
            lambda x, o: np.multiply(x, np.clip(x + 3, 0, 6) / 6, out=o),
            lambda x, g, o: np.multiply(g, np.where(x < -3, 0, np.where(x > 3, 1, (2 * x + 3) / 6)), out=o),
        ),
        "softsign": (
            lambda x, o: np.divide(x, 1 + np.abs(x), out=o),
            lambda x, g, o: np.divide(g, (1 + np.abs(x)) ** 2, out=o),
        ),
        "squareplus": (
            lambda x, o: np.multiply(0.5, x + np.sqrt(x * x + b), out=o),
            lambda x, g, o: np.multiply(g, 0.5 * (1 + x / np.sqrt(x * x + b)), out=o),
        ),
        "tanhshrink": (
            lambda x, o: np.subtract(x, np.tanh(x), out=o),
            lambda x, g, o: (lambda t: np.multiply(g, t * t, out=o))(np.tanh(x)),
        ),
        "softshrink": (
            lambda x, o: np.multiply(np.sign(x), np.maximum(np.abs(x) - soft_l, 0), out=o),
            lambda x, g, o: np.multiply(g, np.abs(x) > soft_l, out=o),
        ),
        "hardshrink": (
            lambda x, o: np.multiply(x, np.abs(x) > hard_l, out=o),
            lambda x, g, o: np.multiply(g, np.abs(x) > hard_l, out=o),
        ),
        "threshold": (
            lambda x, o: np.copyto(o, np.where(x > th, x, np.float32(th_value))),
            lambda x, g, o: np.multiply(g, x > th, out=o),
        ),
        "rrelu": (
            lambda x, o: np.copyto(o, np.where(x > 0, x, rrelu * x)),
            lambda x, g, o: np.multiply(g, np.where(x > 0, 1, rrelu).astype(np.float32), out=o),
        ),
    }
    if erf is not None:
        table["gelu"] = (
            lambda x, o: np.multiply(0.5 * x, 1 + erf(x / math.sqrt(2)), out=o),
            lambda x, g, o: np.multiply(
                g, 0.5 * (1 + erf(x / math.sqrt(2))) + x * np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi), out=o
            ),
        )
    return table


def timed(task, run, t):
    """Same rule as bench/kernels/common.mjs: a warm-up call, then repetitions for about the budget."""
    start = time.perf_counter()
    run()
    warm = time.perf_counter() - start
    if warm >= t["slowSeconds"]:
        reps = 1
    else:
        reps = min(t["maxReps"], max(t["minReps"], math.ceil(t["seconds"] / max(warm, 1e-6))))
    seconds = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds


def median(values):
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def progress(task, text):
    print(f"  [{task['column']}] {text}", file=sys.stderr, flush=True)


def send(kind, payload):
    sys.stdout.write(f"@@{kind} {json.dumps(payload)}\n")
    sys.stdout.flush()


PENDING = {}  # "id/direction" -> {"run", "reps", "seconds"}, across rounds


def measure_cells(task, table, x, g, out, request):
    """One round of each cell, as in bench/kernels/common.mjs (measureCells)."""
    t = task["timing"]
    n = task["elements"]
    rounds = request.get("rounds", 1)
    this_round = request.get("round", 0)
    cells = {}
    with np.errstate(all="ignore"):
        for name in request["activations"]:
            if name not in table:
                continue
            forward, backward = table[name]
            for direction in ("forward", "backward"):
                key = f"{name}/{direction}"
                if this_round == 0:
                    run = (lambda f=forward: f(x, out)) if direction == "forward" else (lambda b=backward: b(x, g, out))
                    start = time.perf_counter()
                    run()
                    warm = time.perf_counter() - start
                    if warm >= t["slowSeconds"]:
                        total = 1
                    else:
                        total = min(t["maxReps"], max(t["minReps"], math.ceil(t["seconds"] / max(warm, 1e-6))))
                    PENDING[key] = {"run": run, "reps": max(1, round(total / rounds)), "seconds": []}
                state = PENDING.get(key)
                if state is None:
                    continue
                for _ in range(state["reps"]):
                    start = time.perf_counter()
                    state["run"]()
                    state["seconds"].append(time.perf_counter() - start)
                if this_round == rounds - 1:
                    seconds = state["seconds"]
                    rate = n / median(seconds) / 1e6
                    cells[key] = {
                        "melemPerSec": rate,
                        "seconds": seconds,
                        "composed": False,
                        "samples": [float(out[i]) for i in task["sampleIndices"]],
                    }
                    del PENDING[key]
                    progress(task, f"{name} {direction}: {rate:.0f} M elem/s (median of {len(seconds)})")
    return {"cells": cells}


def measure_matmul(task):
    mm = task.get("matmul")
    products = []
    if not mm:
        return {"matmul": products}
    m, k, cols = mm["m"], mm["k"], mm["n"]
    a = np.fromfile(task["files"]["a"], dtype=np.float32, count=m * k).reshape(m, k)
    b = np.fromfile(task["files"]["b"], dtype=np.float32, count=cols * k).reshape(cols, k)
    c = np.empty((m, cols), dtype=np.float32)
    for threads in mm["threads"]:
        seconds = timed(task, lambda: np.matmul(a, b.T, out=c), mm["timing"])
        rate = 2 * m * k * cols / median(seconds) / 1e9
        flat = c.reshape(-1)
        products.append(
            {
                "threads": threads,
                "m": m,
                "k": k,
                "n": cols,
                "gflopPerSec": rate,
                "seconds": seconds,
                "note": "np.matmul(a, b.T, out=c), OpenBLAS",
                "samples": [float(flat[i]) for i in mm["sampleIndices"] if i < m * cols],
            }
        )
        progress(task, f"matmul {m}×{k}·({cols}×{k})ᵀ, {threads} thread{'s' if threads > 1 else ''}: {rate:.1f} GFLOP/s ({len(seconds)} reps)")
    return {"matmul": products}


def main():
    """Answers the parent's requests (see bench/kernels/common.mjs for the protocol)."""
    with open(sys.argv[1]) as f:
        task = json.load(f)
    n = task["elements"]
    x = np.fromfile(task["files"]["x"], dtype=np.float32, count=n)
    g = np.fromfile(task["files"]["g"], dtype=np.float32, count=n)
    out = np.empty(n, dtype=np.float32)
    table = formulas(task["params"])
    send("ready", {"numpy": np.__version__, "scipy": erf is not None})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            if request["cmd"] == "exit":
                break
            if request["cmd"] == "cells":
                send("reply", measure_cells(task, table, x, g, out, request))
            elif request["cmd"] == "matmul":
                send("reply", measure_matmul(task))
            else:
                send("error", f"unknown request {request['cmd']}")
        except Exception as error:  # one line to the parent, never a traceback
            send("error", f"{type(error).__name__}: {error}".splitlines()[0][:300])


if __name__ == "__main__":
    main()
