"""Scoring a model: the average negative log-likelihood it gives to the data.

Used in: 03_nll (`nll`, for probability tables) and 04_neural_bigram (`softmax_nll`, for logits).
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


def softmax_nll(logits: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Return the average NLL of the targets Y (T,) under softmax(logits), written out by hand; 0-d tensor.

    The logits (T, V) are log-counts: softmax exponentiates them and normalises each row. This computes the
    same in log space, log p = logit - log(sum(exp(logits))), after subtracting each row's largest logit:
    that cancels out of the softmax but keeps `exp` from overflowing. Equals `F.cross_entropy(logits, Y)`,
    value and gradient. Used in: 04_neural_bigram.

    >>> softmax_nll(torch.tensor([[2.0, 0.0], [1000.0, 0.0]]), torch.tensor([0, 0]))  # no overflow at 1000
    tensor(0.0635)
    """
    if logits.dim() != 2 or Y.shape != (logits.shape[0],):
        raise ValueError(f"logits must be (T, V) and Y (T,); got {tuple(logits.shape)} and {tuple(Y.shape)}")
    shifted = logits - logits.max(1, keepdim=True).values  # (T, V) each row's largest logit is now 0
    log_probs = shifted - shifted.exp().sum(1, keepdim=True).log()  # (T, V) log of the softmax
    return -log_probs[torch.arange(len(Y)), Y].mean()
