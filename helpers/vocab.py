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

    Vectorised: the text becomes its Unicode code points in one call, then one table look-up maps them all.

    >>> stoi, _ = build_vocab(["emma"])
    >>> encode(".emma.", stoi)
    tensor([0, 2, 3, 3, 1, 0])
    """
    if not text:
        return torch.empty(0, dtype=torch.long)
    points = torch.frombuffer(bytearray(text.encode("utf-32-le")), dtype=torch.int32).long()  # (T,)
    keys = torch.tensor([ord(c) for c in stoi], dtype=torch.long)  # (V,)
    size = max(int(keys.max()), int(points.max())) + 1
    table = torch.full((size,), -1, dtype=torch.long)  # code point -> index, -1 where unknown
    table[keys] = torch.tensor(list(stoi.values()), dtype=torch.long)
    ids = table[points]  # (T,)
    unknown = (ids < 0).nonzero()
    if len(unknown):
        pos = int(unknown[0])
        raise ValueError(
            f"cannot encode {_clip(text, pos)}: character {text[pos]!r} at position {pos} is not in the "
            f"vocabulary {''.join(stoi)!r}; build the vocabulary from words that contain it, or clean the text"
        )
    return ids


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
