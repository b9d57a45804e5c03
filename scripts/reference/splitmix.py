"""SplitMix64 and the uniform numbers drawn from it, exactly as labs/neural/src/lib.rs draws them.

neural.py and deep.py start their weights, inputs and batch orders from these, so the Rust labs
and PyTorch take the same steps (see the equations in labs/neural/src/lib.rs).
"""

import numpy as np


def splitmix64(seed, i):
    """The i-th outputs (i: uint64 array) of SplitMix64 seeded with `seed`, wrapping mod 2⁶⁴."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (i + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def uniform(seed, start, n):
    """u(seed, start), …, u(seed, start + n − 1)."""
    i = np.arange(start, start + n, dtype=np.uint64)
    return (splitmix64(seed, i) >> np.uint64(11)).astype(np.float64) * 2.0**-53
