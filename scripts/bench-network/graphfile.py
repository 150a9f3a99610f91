"""Reads the benchmark graph file written by gen_grid.py."""
import numpy as np


def read(path):
    with open(path, "rb") as f:
        assert f.read(8) == b"TRGRAPH1", "not a benchmark graph file"
        n, m, k = np.frombuffer(f.read(24), dtype="<i8")
        x = np.frombuffer(f.read(8 * n), dtype="<f8")
        y = np.frombuffer(f.read(8 * n), dtype="<f8")
        fr = np.frombuffer(f.read(4 * m), dtype="<i4")
        to = np.frombuffer(f.read(4 * m), dtype="<i4")
        s = np.frombuffer(f.read(4 * m), dtype="<f4")
        src = np.frombuffer(f.read(4 * k), dtype="<i4")
    return int(n), x, y, fr, to, s, src
