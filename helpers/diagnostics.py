"""Diagnostics of a network's health: statistics of its activations and gradients, and the size of each update
relative to the parameter it changes. `helpers.plots.histograms` and `ratio_history` draw what these return.

Used in: 06_batchnorm.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import torch


def tensor_stats(t: torch.Tensor, *, saturation: float | None = None) -> dict[str, float]:
    """Return the mean and standard deviation of `t`, and with `saturation` the fraction of |t| above it.

    >>> tensor_stats(torch.tensor([-1.0, 0.0, 0.99, 1.0]), saturation=0.97)
    {'mean': 0.2475, 'std': 0.9548, 'saturated': 0.75}
    """
    values = t.detach().float().flatten()
    stats = {"mean": round(values.mean().item(), 4), "std": round(values.std().item(), 4)}
    if saturation is not None:
        stats["saturated"] = round((values.abs() > saturation).float().mean().item(), 4)
    return stats


def grad_to_data(params: Iterable[torch.Tensor]) -> list[float]:
    """Return std(gradient) / std(values) for each parameter: how large its gradient is, relative to it."""
    return [(p.grad.std() / p.data.std()).item() for p in params]


def update_to_data(params: Iterable[torch.Tensor], lr: float) -> list[float]:
    """Return log10(std(lr * gradient) / std(values)) for each parameter: how much one SGD step changes it.

    Around -3 (each step changes a parameter by about a thousandth of its spread) is a healthy rate; far
    below, it learns too slowly; far above, it changes too fast to settle.
    """
    return [math.log10((lr * p.grad).std().item() / p.data.std().item()) for p in params]
