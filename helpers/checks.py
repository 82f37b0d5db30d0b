"""Checks that catch the tensor bugs which fail silently, with messages that say what went wrong and how to fix it.

Used in: 02_broadcasting_pitfalls, 03_nll.
"""

from __future__ import annotations

import torch


def check_row_stochastic(P: torch.Tensor, *, atol: float = 1e-4, name: str = "P") -> torch.Tensor:
    """Return `P` unchanged if every row (along the last dimension) is a probability distribution.

    A row is a distribution when its entries are non-negative and sum to 1 within `atol`. Otherwise raise
    ValueError naming the rows that are off and the most likely cause.

    >>> check_row_stochastic(torch.tensor([[0.25, 0.75], [1.0, 0.0]]))
    tensor([[0.2500, 0.7500],
            [1.0000, 0.0000]])
    """
    if P.dim() < 1 or P.shape[-1] == 0:
        raise ValueError(f"{name} must have rows to check; got shape {tuple(P.shape)}")
    if not P.is_floating_point():
        raise ValueError(
            f"{name} holds {P.dtype} values, not probabilities: integer counts? "
            f"Convert, then normalise: {name} = {name}.float(); {name} = {name} / {name}.sum(-1, keepdim=True)"
        )
    sums = P.sum(-1)  # (...,) one total per row
    nan_rows = P.isnan().any(-1)  # (...,)
    negative_rows = (P < 0).any(-1)  # (...,)
    off_rows = (sums - 1).abs() > atol  # (...,)
    if nan_rows.any():
        cause = "a row whose total was 0 was divided by itself (0/0); add smoothing to every count"
        raise _error(name, nan_rows, sums, "contain NaN", cause)
    if negative_rows.any():
        cause = "these look like logits or log-probabilities: exponentiate, then normalise each row (softmax)"
        raise _error(name, negative_rows, sums, f"have negative entries (smallest {P.min().item():.4g})", cause)
    if off_rows.any():
        raise _error(name, off_rows, sums, "do not sum to 1", _likely_cause(P, sums, atol, name))
    return P


def _likely_cause(P: torch.Tensor, sums: torch.Tensor, atol: float, name: str) -> str:
    """Guess why the rows of a non-negative `P` do not sum to 1."""
    square = P.dim() >= 2 and P.shape[-1] == P.shape[-2]
    if square and ((P.sum(-2) - 1).abs() <= atol).all():
        return (
            f"its columns sum to 1 instead, so it was normalised along the wrong dimension: {name}.sum(0) sums "
            f"columns, and {name}.sum(1) without keepdim=True has shape ({P.shape[-1]},), which broadcasts as a "
            f"row and divides each column by one total. Fix: {name} / {name}.sum(1, keepdim=True)"
        )
    if torch.equal(sums, sums.round()) and (sums >= 1).all():  # whole numbers: 1 where a character occurs once
        return f"the rows sum to whole numbers, like counts: divide each row by its sum, {name}.sum(-1, keepdim=True)"
    first = sums.flatten()[0]
    if ((sums - first).abs() <= atol).all():
        return f"every row sums to {first.item():.4g}: the table was scaled by one number instead of row by row"
    return f"normalise each row by its own total: {name} / {name}.sum(-1, keepdim=True)"


def _error(name: str, rows: torch.Tensor, sums: torch.Tensor, problem: str, cause: str) -> ValueError:
    """Build the error: how many rows are off, the first few with their sums, and the likely cause."""
    index = rows.nonzero().tolist()
    shown = ", ".join(f"{i[0] if len(i) == 1 else tuple(i)} (sum {sums[tuple(i)].item():.4f})" for i in index[:5])
    more = f" and {len(index) - 5} more" if len(index) > 5 else ""
    return ValueError(
        f"{name} is not row-stochastic: {len(index)} of {rows.numel()} rows {problem}: {shown}{more}. "
        f"Likely cause: {cause}."
    )
