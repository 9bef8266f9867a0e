"""A do-nothing pyplot for timing the chapter's programs: plotting costs are not measured."""


class _Any:
    def __getattr__(self, name):
        return _Any()

    def __call__(self, *args, **kwargs):
        return _Any()

    def __iter__(self):
        return iter([_Any() for _ in range(4)])

    def __getitem__(self, key):
        return _Any()

    # arithmetic on bar geometry (relu_variants.py places labels with it)
    def __add__(self, other):
        return 0.0

    __radd__ = __add__
    __truediv__ = __add__
    __sub__ = __add__


def subplots(*args, **kwargs):
    import numpy as np

    rows = args[0] if args else 1
    cols = args[1] if len(args) > 1 else 1
    axes = np.empty((rows, cols), dtype=object) if rows > 1 else np.empty(cols, dtype=object)
    for index in np.ndindex(axes.shape):
        axes[index] = _Any()
    return _Any(), axes


def __getattr__(name):
    return _Any()
