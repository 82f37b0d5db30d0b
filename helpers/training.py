"""Training utilities the notebooks use once they have written the loop by hand: a learning-rate sweep, and
the loss on a whole split without gradients.

Used in: 05_mlp_embeddings, 06_batchnorm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import torch
import torch.nn.functional as F

LogitsFn = Callable[[torch.Tensor], torch.Tensor]  # contexts (B, T) -> logits (B, V)


def lr_sweep(
    params: Iterable[torch.Tensor],
    logits_fn: LogitsFn,
    X: torch.Tensor,
    Y: torch.Tensor,
    learning_rates: Sequence[float],
    *,
    batch_size: int,
    generator: torch.Generator,
) -> list[float]:
    """Train `params` in place, one minibatch SGD step per learning rate in order; return each step's loss.

    Pass exponentially increasing rates, such as 10 ** torch.linspace(-3, 0, 1000): the loss falls while the
    rate is useful and rises or explodes once it is too large. A good rate sits before the loss turns up.
    """
    params = list(params)
    losses = []
    for lr in learning_rates:
        ix = torch.randint(0, len(X), (batch_size,), generator=generator)  # (B,) a random minibatch
        loss = F.cross_entropy(logits_fn(X[ix]), Y[ix])
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():  # the update is not part of the computation to differentiate (notebook 04)
            for p in params:
                p -= lr * p.grad
        losses.append(loss.item())
    return losses


@torch.no_grad()
def split_loss(logits_fn: LogitsFn, X: torch.Tensor, Y: torch.Tensor, *, chunk_size: int = 65_536) -> float:
    """Return the average cross-entropy of the model on all of (X, Y), computed without gradients in chunks."""
    if len(X) != len(Y) or len(X) == 0:
        raise ValueError(f"X and Y must hold the same, non-zero number of examples; got {len(X)} and {len(Y)}")
    total = 0.0
    for start in range(0, len(X), chunk_size):
        logits = logits_fn(X[start : start + chunk_size])  # (chunk, V)
        total += F.cross_entropy(logits, Y[start : start + chunk_size], reduction="sum").item()
    return total / len(X)
