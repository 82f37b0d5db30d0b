"""A stand-in for a CPU whose BLAS rounds matrix products differently, such as a Mac's or an ARM server's.

`make test-cpus` runs the notebooks with `enable()` called at kernel start: every float32 matrix product
(forward and backward) is then computed in float64 and rounded to float32 once. The results differ from
MKL's in the last bits, as another BLAS's do (another order of summation), while products that are exact in
any BLAS (a one-hot row times a matrix) stay exact. Not used by the lessons.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

PRODUCTS = {
    torch.matmul,
    torch.mm,
    torch.bmm,
    torch.addmm,
    F.linear,
    torch.Tensor.__matmul__,
    torch.Tensor.__rmatmul__,
    torch.Tensor.matmul,
    torch.Tensor.mm,
    torch.Tensor.bmm,
    torch.Tensor.addmm,
}


def _widened(value: object) -> object:
    return value.double() if isinstance(value, torch.Tensor) and value.dtype == torch.float32 else value


class Float64Products(TorchFunctionMode):
    """Within this mode, float32 matrix products are computed in float64 and rounded to float32."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        tensors = [a for a in (*args, *kwargs.values()) if isinstance(a, torch.Tensor)]
        if func in PRODUCTS and tensors and all(a.dtype == torch.float32 for a in tensors):  # else: torch's errors
            return func(*map(_widened, args), **{k: _widened(v) for k, v in kwargs.items()}).float()
        return func(*args, **kwargs)


def enable() -> Float64Products:
    """Enter the mode for the rest of the process (a kernel's life) and return it."""
    mode = Float64Products()
    mode.__enter__()
    return mode
