"""Scoring a model: the average negative log-likelihood it gives to the data.

Used in: 03_nll onwards.
"""

from __future__ import annotations

import torch


def nll(probs: torch.Tensor, X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Return the average negative log-likelihood of the targets Y given the contexts X, as a 0-d tensor.

    `probs` is an n-gram probability table of shape (V,) * n, whose last index is the next character;
    X holds the n - 1 context indices of each example, (T, n - 1) (or (T,) for a bigram); Y is (T,).
    The loss is -mean(log probs[x, y]): 0 for a model that is always certain and right, infinite as soon as
    one target gets probability 0.

    >>> P = torch.tensor([[0.5, 0.5], [0.1, 0.9]])
    >>> nll(P, torch.tensor([0, 1]), torch.tensor([1, 1]))  # -(ln 0.5 + ln 0.9) / 2
    tensor(0.3993)
    """
    X = X[:, None] if X.dim() == 1 else X  # (T, n-1)
    if X.dim() != 2 or probs.dim() != X.shape[1] + 1 or len(X) != len(Y):
        raise ValueError(
            f"probs of shape {tuple(probs.shape)} needs contexts X of shape (T, {probs.dim() - 1}) and targets Y "
            f"of shape (T,); got X {tuple(X.shape)} and Y {tuple(Y.shape)}"
        )
    p = probs[(*X.unbind(1), Y)]  # (T,) the probability the model gave each target
    return -p.log().mean()
