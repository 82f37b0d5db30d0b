"""Training examples from words: (context, next character) pairs, and train/dev/test splits.

Used in: 03_nll onwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import accumulate

import torch

from helpers.vocab import PAD, encode


def context_windows(
    words: Sequence[str], stoi: Mapping[str, int], block_size: int
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (X, Y): for every character of every word and its final '.', the `block_size` characters before it.

    X is (T, block_size) and Y is (T,), both int64, with T = sum(len(w) + 1). Contexts reaching before the start
    of a word are padded with '.', so the first context of every word is all '.'. Vectorised: after `encode`'s
    one list comprehension over the text, tensor operations build every window at once.

    >>> from helpers.vocab import build_vocab
    >>> stoi, _ = build_vocab(["emma"])
    >>> X, Y = context_windows(["emma"], stoi, block_size=3)
    >>> X.tolist(), Y.tolist()
    ([[0, 0, 0], [0, 0, 2], [0, 2, 3], [2, 3, 3], [3, 3, 1]], [2, 3, 3, 1, 0])
    """
    if block_size < 1:
        raise ValueError(f"block_size must be at least 1 (characters of context); got {block_size}")
    if not words:
        return torch.empty((0, block_size), dtype=torch.long), torch.empty(0, dtype=torch.long)
    if PAD in "".join(words):
        raise ValueError(f"a word contains {PAD!r}, which is reserved for the start/end token; remove it")
    Y = encode("".join(w + PAD for w in words), stoi)  # (T,) each word's characters, then its '.'
    lengths = torch.tensor([len(w) + 1 for w in words])  # (W,) targets per word
    starts = torch.repeat_interleave(torch.cumsum(lengths, 0) - lengths, lengths)  # (T,) where each word starts
    position = torch.arange(len(Y)) - starts  # (T,) index of each target within its word
    back = torch.arange(block_size, 0, -1)  # (block_size,) how far back each context slot looks
    source = torch.arange(len(Y))[:, None] - back  # (T, block_size) position of the character in each slot
    X = torch.where(position[:, None] >= back, Y[source.clamp(min=0)], 0)  # (T, block_size) '.' before the start
    return X, Y


def split_words(
    words: Sequence[str], fractions: Sequence[float] = (0.8, 0.1, 0.1), *, generator: torch.Generator
) -> tuple[list[str], ...]:
    """Return the words shuffled by `generator` and cut into consecutive parts of the given `fractions`.

    The default is train/dev/test = 80/10/10. The same generator seed gives the same split.

    >>> train, dev, test = split_words([f"w{i}" for i in range(10)], generator=torch.Generator().manual_seed(0))
    >>> len(train), len(dev), len(test)
    (8, 1, 1)
    """
    if not fractions or any(f < 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-9:
        raise ValueError(f"fractions must be non-negative and sum to 1, like (0.8, 0.1, 0.1); got {tuple(fractions)}")
    ends = [int(c * len(words)) for c in accumulate(fractions)][:-1] + [len(words)]
    for part, (fraction, a, b) in enumerate(zip(fractions, [0, *ends[:-1]], ends, strict=True), start=1):
        if fraction > 0 and a == b:
            raise ValueError(
                f"{len(words)} words split {tuple(fractions)} leave part {part} (fraction {fraction}) empty: "
                "use more words or larger fractions"
            )
    order = torch.randperm(len(words), generator=generator).tolist()
    return tuple([words[i] for i in order[a:b]] for a, b in zip([0, *ends[:-1]], ends, strict=True))
