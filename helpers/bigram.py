"""Count models: count character pairs (and longer n-grams), turn counts into probabilities, sample names.

Used in: 01_counting onwards; `ngram_counts` from 03_nll.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch

from helpers.dataset import context_windows
from helpers.vocab import PAD, encode


def bigram_counts(words: Sequence[str], stoi: Mapping[str, int]) -> torch.Tensor:
    """Return the (V, V) int64 tensor N where N[i, j] counts how often character j follows character i.

    Each word is padded with '.' at both ends ('.emma.'). Joining the words with '.' gives exactly the same
    bigrams ('.emma.ava.' holds 'a.' then '.a'), so one `torch.bincount` over the joined text counts them all.

    >>> from helpers.vocab import build_vocab
    >>> stoi, _ = build_vocab(["ab"])
    >>> bigram_counts(["ab"], stoi)
    tensor([[0, 1, 0],
            [0, 0, 1],
            [1, 0, 0]])
    """
    V = len(stoi)
    if not words:
        return torch.zeros((V, V), dtype=torch.long)
    if PAD in "".join(words):
        raise ValueError(f"a word contains {PAD!r}, which is reserved for the start/end token; remove it")
    ids = encode(PAD + PAD.join(words) + PAD, stoi)  # (T,)
    pairs = ids[:-1] * V + ids[1:]  # (T-1,) each bigram (i, j) as the flat index i*V + j
    return torch.bincount(pairs, minlength=V * V).view(V, V)  # (V, V)


def ngram_counts(words: Sequence[str], stoi: Mapping[str, int], n: int) -> torch.Tensor:
    """Return the int64 count table of shape (V,) * n: how often each n-gram occurs in the padded words.

    Each word gets n - 1 leading '.' and one trailing '.', so the table's last index is always a character
    the model must predict (the same targets for every n); n = 2 gives exactly `bigram_counts`, n = 3 the
    trigram table, indexed [first, second, next].
    """
    if n < 2:
        raise ValueError(f"n must be at least 2 (a context character and the next one); got {n}")
    V = len(stoi)
    X, Y = context_windows(words, stoi, block_size=n - 1)  # (T, n-1), (T,)
    grams = torch.cat([X, Y[:, None]], dim=1)  # (T, n) each n-gram as n indices
    flat = grams @ (V ** torch.arange(n - 1, -1, -1))  # (T,) each n-gram as one number in base V
    return torch.bincount(flat, minlength=V**n).view((V,) * n)


def normalize_rows(counts: torch.Tensor, smoothing: float = 0.0) -> torch.Tensor:
    """Return float32 probabilities: `counts + smoothing`, each row (last dimension) divided by its sum.

    `smoothing` adds that many fake counts to every entry, so no probability is exactly zero.

    >>> normalize_rows(torch.tensor([[1, 3], [0, 0]]), smoothing=1)
    tensor([[0.3333, 0.6667],
            [0.5000, 0.5000]])
    """
    if smoothing < 0:
        raise ValueError(f"smoothing must be >= 0 (fake counts added to every entry), got {smoothing}")
    if (counts < 0).any():
        raise ValueError("counts must be non-negative; got a negative entry")
    P = counts.float() + smoothing  # (..., V)
    totals = P.sum(-1, keepdim=True)  # (..., 1): keepdim, so each row is divided by its own total
    empty = (totals == 0).squeeze(-1).nonzero().tolist()
    if empty:
        raise ValueError(
            f"rows {empty[:5]}{' ...' if len(empty) > 5 else ''} have no counts, so they cannot be "
            f"normalised (0/0); pass smoothing > 0 to give every entry a fake count"
        )
    return P / totals


def sample_names(
    probs: torch.Tensor,
    itos: Mapping[int, str],
    n: int,
    *,
    generator: torch.Generator,
    max_len: int | None = None,
) -> list[str]:
    """Return `n` names drawn from the bigram model `probs` (V, V), using `generator` for every draw.

    Each name starts after '.', draws the next character from the row of the current one, and ends when it
    draws '.' (or after `max_len` characters, if given). The same generator state gives the same names.
    """
    V = len(itos)
    if probs.shape != (V, V):
        raise ValueError(f"probs must have shape ({V}, {V}) to match the vocabulary; got {tuple(probs.shape)}")
    if max_len is None:
        _check_names_can_end(probs, itos)
    names = []
    for _ in range(n):
        out, ix = [], 0
        while max_len is None or len(out) < max_len:
            ix = torch.multinomial(probs[ix], num_samples=1, replacement=True, generator=generator).item()
            if ix == 0:
                break
            out.append(itos[ix])
        names.append("".join(out))
    return names


def _check_names_can_end(probs: torch.Tensor, itos: Mapping[int, str]) -> None:
    """Raise ValueError if a character that a name can reach never leads on to '.': that name would never end."""
    step = probs > 0  # (V, V) which character can follow which
    reachable = step[0].clone()  # (V,) characters a name can reach from the start
    ending = step[:, 0].clone()  # (V,) characters from which '.' can still be reached
    for _ in range(len(itos)):
        reachable |= (step & reachable[:, None]).any(0)
        ending |= (step & ending[None, :]).any(1)
    stuck = [i for i in (reachable & ~ending).nonzero().flatten().tolist() if i != 0]  # '.' itself ends a name
    if stuck:
        raise ValueError(
            f"after {itos[stuck[0]]!r}, {PAD!r} can never be drawn, so such a name would never end: "
            "smooth the counts (normalize_rows(..., smoothing=1)) or pass max_len"
        )
