"""Sampling names from any model that predicts the next character from a fixed window of previous ones.

Used in: 05_mlp_embeddings, 06_batchnorm.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import torch

from helpers.vocab import PAD


@torch.no_grad()
def generate(
    logits_fn: Callable[[torch.Tensor], torch.Tensor],
    itos: Mapping[int, str],
    n: int,
    *,
    block_size: int,
    generator: torch.Generator,
    max_len: int | None = None,
) -> list[str]:
    """Return `n` names drawn from the model, using `generator` for every draw.

    Each name starts from a context of `block_size` '.' tokens; `logits_fn` maps a (1, block_size) context to
    (1, V) logits, the next character is drawn from their softmax, and the context slides along by one.
    A name ends when '.' is drawn (or after `max_len` characters, if given).
    """
    names = []
    for _ in range(n):
        context, out = [0] * block_size, []
        while max_len is None or len(out) < max_len:
            probs = logits_fn(torch.tensor([context])).softmax(dim=1)  # (1, V)
            ix = torch.multinomial(probs, num_samples=1, replacement=True, generator=generator).item()
            if itos[ix] == PAD:
                break
            out.append(itos[ix])
            context = context[1:] + [ix]
        names.append("".join(out))
    return names
