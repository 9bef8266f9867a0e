#!/usr/bin/env python3
"""How far the chapter's numpy formulas are from exact, measured on actlab's fixtures.

Evaluates the textbook (seed/programs) formulas in float64 numpy at every fixture point and
prints the largest error in ULPs against the mpmath references in test/fixtures/scalar,
next to the input where it happens. Context for README's accuracy section; dev-only.

Run:  python3 tools/textbook-errors.py   (python3 with numpy and scipy)
"""
import json
import math
import os

import numpy as np
from scipy.special import erf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "test", "fixtures", "scalar")


def load(name):
    with open(os.path.join(FIX, name + ".json")) as fh:
        return json.load(fh)


def num(v):
    return float(v) if not isinstance(v, str) else float(v.replace("Infinity", "inf"))


points = np.array([num(v) for v in json.load(open(os.path.join(FIX, "points.json")))])
finite = np.isfinite(points) & (np.abs(points) <= 700)


def sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


def gelu_exact(z):
    return z * 0.5 * (1 + erf(z / np.sqrt(2)))


FORMULAS = [
    ("sigmoid", "f", sigmoid),
    ("sigmoid", "df", lambda z: sigmoid(z) * (1 - sigmoid(z))),
    ("tanh", "df", lambda z: 1 - np.tanh(z) ** 2),
    ("elu", "f", lambda z: np.where(z > 0, z, 1.0 * (np.exp(z) - 1))),
    ("swish", "f", lambda z: z * sigmoid(z)),
    ("swish", "df", lambda z: sigmoid(z) + z * sigmoid(z) * (1 - sigmoid(z))),
    ("gelu", "f", gelu_exact),
    ("gelu", "df", lambda z: (gelu_exact(z + 1e-7) - gelu_exact(z - 1e-7)) / 2e-7),
    ("gelu_tanh", "f", lambda z: 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z**3)))),
]


def ulp_errors(values, refs):
    worst, at = 0.0, None
    for z, v, (hi, e) in zip(points[finite], values, [r for r, ok in zip(refs, finite) if ok]):
        hi = num(hi)
        if not math.isfinite(hi):
            continue
        u = math.ulp(hi)
        err = abs((float(v) - hi) - e * u) / u if math.isfinite(float(v)) else math.inf
        if err > worst:
            worst, at = err, z
    return worst, at


if __name__ == "__main__":
    with np.errstate(all="ignore"):
        print("| function | textbook formula: max ULP error | at z |")
        print("|---|---:|---:|")
        for fid, order, fn in FORMULAS:
            worst, at = ulp_errors(fn(points[finite]), load(fid)[order])
            name = fid + ("′" if order == "df" else "")
            print(f"| {name} | {worst:.3g} | {at:.6g} |")
