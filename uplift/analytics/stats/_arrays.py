"""Shared array types and input checks for the estimators."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def float_vector(values: npt.ArrayLike, name: str) -> FloatArray:
    """``values`` as a one-dimensional float array, or a ``ValueError`` naming the argument."""
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    return array


def finite_vector(values: npt.ArrayLike, name: str) -> FloatArray:
    """Like :func:`float_vector`, and every value must be finite."""
    array = float_vector(values, name)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def same_length(**arrays: npt.NDArray[np.generic]) -> int:
    """The common length of the named arrays, or a ``ValueError`` listing their lengths."""
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"arguments must have the same length, got {lengths}")
    return next(iter(lengths.values()))
