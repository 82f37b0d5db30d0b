"""The MLP language model of Bengio et al. (2003): embeddings, one tanh hidden layer, logits.

Used in: 05_mlp_embeddings, 06_batchnorm (as the starting point).
"""

from __future__ import annotations

from collections.abc import Mapping

import torch


def init_mlp(
    vocab_size: int,
    block_size: int,
    n_embd: int,
    n_hidden: int,
    *,
    generator: torch.Generator,
    scaled: bool = False,
) -> dict[str, torch.Tensor]:
    """Return the parameters {C, W1, b1, W2, b2}, each with requires_grad, drawn from N(0, 1) by `generator`.

    C (V, E) is the embedding table, W1 (block_size * E, H) and b1 (H,) the hidden layer, W2 (H, V) and b2 (V,)
    the output layer; they are drawn in that order, as in the lecture. With `scaled=True`, W1 is divided by
    sqrt(block_size * E) (times the tanh gain 5/3) and b1, W2 and b2 are shrunk, so that the hidden layer starts
    out of saturation and the output starts near a uniform guess (05 shows the effect, 06 explains it).
    """
    for name, value in (
        ("vocab_size", vocab_size),
        ("block_size", block_size),
        ("n_embd", n_embd),
        ("n_hidden", n_hidden),
    ):
        if value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value}")
    fan_in = block_size * n_embd
    params = {
        "C": torch.randn((vocab_size, n_embd), generator=generator),  # (V, E)
        "W1": torch.randn((fan_in, n_hidden), generator=generator),  # (T*E, H)
        "b1": torch.randn(n_hidden, generator=generator),  # (H,)
        "W2": torch.randn((n_hidden, vocab_size), generator=generator),  # (H, V)
        "b2": torch.randn(vocab_size, generator=generator),  # (V,)
    }
    if scaled:
        params["W1"] *= (5 / 3) / fan_in**0.5  # keeps the tanh inputs near unit size
        params["b1"] *= 0.01
        params["W2"] *= 0.01  # logits near 0: the first guesses are near uniform
        params["b2"] *= 0.0
    for p in params.values():
        p.requires_grad_()
    return params


def mlp_logits(params: Mapping[str, torch.Tensor], X: torch.Tensor) -> torch.Tensor:
    """Return the logits (B, V) for the contexts X (B, block_size): embed, concatenate, tanh layer, output layer."""
    C, W1 = params["C"], params["W1"]
    if X.dim() != 2 or X.shape[1] * C.shape[1] != W1.shape[0]:
        raise ValueError(
            f"X must be (B, {W1.shape[0] // C.shape[1]}) contexts for these parameters; got {tuple(X.shape)}"
        )
    emb = C[X]  # (B, T, E)
    h = torch.tanh(emb.view(emb.shape[0], -1) @ W1 + params["b1"])  # (B, T*E) @ (T*E, H) -> (B, H)
    return h @ params["W2"] + params["b2"]  # (B, V)
