"""The exercises of notebook 01 (counting): count, sample, vectorise. Each check takes what it needs as arguments.

Used in: 01_counting.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping, Sequence

import torch

from helpers.bigram import bigram_counts
from helpers.exercises import Exercise, call_problem, counts_problem, result_problem


def _itos(stoi: Mapping[str, int]) -> dict[int, str]:
    """Return the mapping from index to character that inverts `stoi`."""
    return {i: s for s, i in stoi.items()}


def _last_letters(last_counts: object, words: Sequence[str], stoi: Mapping[str, int]) -> str | None:
    expected = torch.zeros(len(stoi), dtype=torch.long)
    for w in words:
        expected[stoi[w[-1]]] += 1
    return counts_problem(last_counts, expected, name="last_counts", labels=_itos(stoi))


last_letters = Exercise(
    "Exercise 1 (last letters)",
    checker=_last_letters,
    hints=[
        "Start from a tensor of 27 zeros of type `torch.long`, and add 1 at the index of each name's last letter.",
        "The last letter of a name `w` is `w[-1]`, and `stoi` gives its index. A loop over `words` is fine here.",
    ],
    solution_code="""last_counts = torch.zeros(27, dtype=torch.long)
for w in words:
    last_counts[stoi[w[-1]]] += 1""",
    why="Each name adds one to the entry of its last letter. The result equals `N[:, 0]`, the column of "
    "bigrams that end a name, because the last letter of a name is always followed by `.`.",
    check_args="last_counts, words, stoi",
    wrong_code="""last_counts = torch.zeros(27, dtype=torch.long)
for w in words:
    last_counts[stoi[w[0]]] += 1""",
    wrong_message="last_counts differs from the expected values in",
)


def _one_letter_names(p_one: object, share: object, P: torch.Tensor) -> str | None:
    expected = (P[0, 1:] * P[1:, 0]).sum().item()  # P(first letter i) * P(end after i), over every letter i
    for name, value in (("p_one", p_one), ("share", share)):
        if isinstance(value, torch.Tensor) and value.numel() != 1:
            return f"{name} holds {value.numel()} numbers; it should be one number (add them up?)"
        if not isinstance(value, float | int | torch.Tensor):
            return f"{name} should be a number (a float, or a tensor holding one number)"
    p_one, share = float(p_one), float(share)
    if not abs(p_one - expected) <= 1e-5:  # NaN fails too
        return (f"p_one is {p_one:.4f}, not the model's probability of a one-letter name: a one-letter name is "
                "two draws, a letter after '.', then '.' after that letter; add up over the 26 letters")
    standard_error = math.sqrt(expected * (1 - expected) / 10_000)
    if not abs(share - expected) <= 4 * standard_error:
        return (f"share is {share:.4f}, more than 4 standard errors ({4 * standard_error:.4f}) from p_one: is it "
                "the share of 10,000 sampled names that have exactly one letter?")
    return None


one_letter_names = Exercise(
    "Exercise 2 (one-letter names)",
    checker=_one_letter_names,
    hints=[
        "A name of one letter `i` means: draw `i` from row 0, then draw `.` from row `i`. Its probability is "
        "`P[0, i] * P[i, 0]`.",
        "Add that up over the 26 letters with tensor operations, not a loop: which row and which column of `P` "
        "hold the two factors? Leave out `.` itself (an empty name is not a one-letter name). For the share, "
        "count the sampled names of one letter.",
    ],
    solution_code="""p_one = (P[0, 1:] * P[1:, 0]).sum().item()
samples = sample_names(P, itos, 10_000, generator=torch.Generator().manual_seed(7))
share = sum(len(name) == 1 for name in samples) / len(samples)""",
    why="Each one-letter name is one path through the table: `.` to a letter, that letter to `.`. The sampled "
    "share is an estimate of that probability; with 10,000 names its standard error is about 0.003, so the two "
    "agree to about two decimals.",
    check_args="p_one, share, P",
    wrong_code="""p_one = (P[0] * P[0]).sum().item()
share = 0.1""",
    wrong_message="not the model's probability of a one-letter name",
)


def _counts_without_bincount(count: object, stoi: Mapping[str, int]) -> str | None:
    if callable(count):
        try:
            source = inspect.getsource(count)
        except (OSError, TypeError):
            source = ""
        if "bincount(" in source or "bigram_counts(" in source:  # a call, not a comment that names it
            return "count_pairs uses torch.bincount (or bigram_counts, which does): this exercise asks for another way"
    for words in (["emma"], ["a"], ["emma", "ava", "olivia"], ["zz", "q", "abcdefghijklmnopqrstuvwxyz"]):
        shown = f"{words!r}, stoi"
        got, problem = call_problem(count, (words, stoi), name="count_pairs", shown=shown)
        if problem is None:  # the values, in any integer type: result_problem first, for a forgotten `return`
            expected, name = bigram_counts(words, stoi), f"count_pairs({shown})"
            problem = result_problem(got, expected, name=name, check_dtype=False, labels=_itos(stoi)) or \
                counts_problem(got, expected, name=name)
        if problem is not None:
            return problem
    return None


counts_without_bincount = Exercise(
    "Exercise 4 (counting without bincount)",
    checker=_counts_without_bincount,
    hints=[
        "Build two index tensors, `first` and `second`, holding every bigram's two characters: join the words "
        "with `.` as `bigram_counts` does and turn the whole text into indices in one call with `encode` (from "
        "`helpers.vocab`). Then add 1 at every `(first, second)`.",
        "Indexing assignment `N[first, second] += 1` writes to a repeated pair only once. The tensor method "
        "`index_put_` can add up all the writes instead of keeping one: read about its `accumulate` argument.",
    ],
    solution_code="""from helpers.vocab import encode


def count_pairs(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)  # (T,) the padded, joined text, encoded in one call
    first, second = ids[:-1], ids[1:]  # (T-1,) each bigram's two characters
    N = torch.zeros((len(stoi), len(stoi)), dtype=torch.long)
    return N.index_put_((first, second), torch.ones_like(first), accumulate=True)""",
    why="`encode` turns the whole joined text into indices in one list comprehension, and `index_put_` with "
    "`accumulate=True` adds a 1 at every (first, second) pair in one call, repeated pairs included: no Python "
    "loop over the bigrams. (Plain `N[first, second] += 1` keeps only one of the writes to a repeated "
    "pair, which is why it undercounts: try it.)",
    check_args="count_pairs, stoi",
    wrong_code="""from helpers.vocab import encode


def count_pairs(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)
    N = torch.zeros((len(stoi), len(stoi)), dtype=torch.long)
    N[ids[:-1], ids[1:]] += 1
    return N""",
    wrong_message="count_pairs(['emma', 'ava', 'olivia']",
)


def _double_letters(letter: object, N: torch.Tensor, itos: Mapping[int, str]) -> str | None:
    if not isinstance(letter, str) or len(letter) != 1 or letter not in itos.values() or letter == ".":
        return "letter should be one letter, a string such as 'a'"
    stoi = {s: i for i, s in itos.items()}
    doubles = N.diagonal()  # (27,) how often each character follows itself
    if doubles[stoi[letter]] < doubles[1:].max():
        return (f"'{letter}{letter}' occurs {doubles[stoi[letter]].item():,} times; another letter follows itself "
                "more often")
    return None


double_letters = Exercise(
    "Exercise 3 (double letters)",
    checker=_double_letters,
    hints=[
        "A letter followed by itself is a cell on the diagonal of `N`: `N[i, i]`.",
        "`N.diagonal()` gives all 27 at once. You need *where* its largest entry is, not the entry itself, and "
        "then the letter at that index.",
    ],
    solution_code="""letter = itos[N.diagonal().argmax().item()]""",
    why="`N.diagonal()` holds `N[i, i]` for every character `i`: how often it follows itself. The `.` entry is "
    "0 (no empty names), so the largest entry is a letter.",
    check_args="letter, N, itos",
    wrong_code="""letter = itos[N.sum(0).argmax().item()]""",
    wrong_message="another letter follows itself more often",
)

NOTEBOOK = "01_counting"
EXERCISES: list[Exercise] = [last_letters, one_letter_names, double_letters, counts_without_bincount]
# What the checks need, as the notebook has it by its exercises: the course's tests run the answers on it.
SETUP = """import torch
from helpers.bigram import bigram_counts, normalize_rows, sample_names
from helpers.data import load_words
from helpers.vocab import build_vocab
words = load_words()
stoi, itos = build_vocab(words)
N = bigram_counts(words, stoi)
P = normalize_rows(N)"""
