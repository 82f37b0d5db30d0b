"""The vocabulary: characters to integers and back.

Used in: every notebook (01_counting onwards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import torch

PAD = "."  # the start/end token; always index 0


def build_vocab(words: Iterable[str]) -> tuple[dict[str, int], dict[int, str]]:
    """Return (stoi, itos): '.' is 0, then the sorted characters of `words` from 1.

    >>> stoi, itos = build_vocab(["emma", "ava"])
    >>> stoi
    {'.': 0, 'a': 1, 'e': 2, 'm': 3, 'v': 4}
    >>> itos[3]
    'm'
    """
    chars = sorted(set("".join(words)))
    if PAD in chars:
        raise ValueError(f"the words contain {PAD!r}, which is reserved for the start/end token; remove it")
    stoi = {PAD: 0} | {c: i + 1 for i, c in enumerate(chars)}
    itos = {i: c for c, i in stoi.items()}
    return stoi, itos


def encode(text: str, stoi: Mapping[str, int]) -> torch.Tensor:
    """Return the indices of the characters of `text` as an int64 tensor of shape (len(text),).

    >>> stoi, _ = build_vocab(["emma"])
    >>> encode(".emma.", stoi)
    tensor([0, 2, 3, 3, 1, 0])
    """
    unknown = [pos for pos, c in enumerate(text) if c not in stoi]
    if unknown:
        pos = unknown[0]
        raise ValueError(
            f"cannot encode {_clip(text, pos)}: character {text[pos]!r} at position {pos} is not in the "
            f"vocabulary {''.join(stoi)!r}; build the vocabulary from words that contain it, or clean the text"
        )
    return torch.tensor([stoi[c] for c in text], dtype=torch.long)  # (T,)


def decode(ids: Iterable[int] | torch.Tensor, itos: Mapping[int, str]) -> str:
    """Return the string spelled by the indices `ids` (a list or a 1-D tensor).

    >>> _, itos = build_vocab(["emma"])
    >>> decode([2, 3, 3, 1], itos)
    'emma'
    """
    ids = ids.tolist() if isinstance(ids, torch.Tensor) else list(ids)
    missing = [i for i in ids if i not in itos]
    if missing:
        raise ValueError(f"cannot decode index {missing[0]}: the vocabulary has indices 0..{len(itos) - 1}")
    return "".join(itos[i] for i in ids)


def _clip(text: str, pos: int, width: int = 30) -> str:
    """Return `text` quoted, or a quoted window around `pos` if it is long."""
    if len(text) <= width:
        return repr(text)
    start = max(0, pos - width // 2)
    return f"...{text[start : start + width]!r}... (length {len(text):,})"
