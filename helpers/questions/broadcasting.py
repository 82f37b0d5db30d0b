"""The exercises of notebook 02 (broadcasting pitfalls): find the bug, fix it, check it on several inputs.

Used in: 02_broadcasting_pitfalls.
"""

from __future__ import annotations

import torch

from helpers.exercises import Exercise, call_problem, function_problem, is_integer, result_problem
from helpers.questions import ITOS

_SQUARE = torch.tensor([[1, 3, 0], [2, 2, 4], [0, 0, 5]])  # (3, 3) rows and columns with different totals


def _row_normalise(row_normalise: object, N: torch.Tensor) -> str | None:
    cases = [((t,), t / t.sum(1, keepdim=True)) for t in (_SQUARE.float(), N.float(), torch.ones(2, 3))]
    return function_problem(row_normalise, cases, name="row_normalise", labels=ITOS)


rows_sum_to_one = Exercise(
    "Exercise 1 (rows that sum to 1)",
    checker=_row_normalise,
    hints=[
        "Compare the shape of `counts.sum(1)` with the shape you need to divide each row by its own total.",
        "`counts.sum(1)` has shape (rows,), which broadcasts as a *row*: one total per column. You need the "
        "totals as a column, (rows, 1): `sum` has an argument that keeps the summed dimension, with size 1.",
    ],
    solution_code="""def row_normalise(counts):
    return counts / counts.sum(1, keepdim=True)  # (R, C) / (R, 1): each row by its own total""",
    why="`sum(1, keepdim=True)` has shape (R, 1), which broadcasts along the row, so each row is divided by its "
    "own total. Without `keepdim`, the totals form a row of shape (R,), lined up with the *columns*: silently "
    "wrong on a square table, an error on a table that is not square.",
    check_args="row_normalise, N",
    wrong_code="""def row_normalise(counts):
    return counts / counts.sum(1)""",
    wrong_message="differs from the expected values",
)


def _probabilities(probabilities: object) -> str | None:
    cases = [((t,), t.float() / t.sum(1, keepdim=True)) for t in (_SQUARE, torch.tensor([[7, 1], [0, 3]]))]
    return function_problem(probabilities, cases, name="probabilities")


integer_counts = Exercise(
    "Exercise 2 (probabilities from integer counts)",
    checker=_probabilities,
    hints=[
        "The check shows a 0 where 0.75 should be. What is `3 // 4` in integers?",
        "`//` is floor division: it keeps the whole part only, and a count smaller than its row's total has none. "
        "Which division keeps the fraction, and gives float32?",
    ],
    solution_code="""def probabilities(counts):
    return counts.float() / counts.sum(1, keepdim=True)  # float32, each row summing to 1""",
    why="`//` is integer (floor) division: every count smaller than its row's total becomes 0. Dividing a "
    "float tensor by the totals gives float32 probabilities.",
    check_args="probabilities",
    wrong_code="""def probabilities(counts):
    return counts // counts.sum(1, keepdim=True)""",
    wrong_message="expected 0.75, got 0",
)


def _swap(swap_axes: object) -> str | None:
    shapes = ((2, 3), (3, 3), (4, 1))
    cases = [((t,), t.T) for t in (torch.arange(r * c).view(r, c) for r, c in shapes)]
    return function_problem(swap_axes, cases, name="swap_axes")


transpose_bug = Exercise(
    "Exercise 3 (swapping rows and columns)",
    checker=_swap,
    hints=[
        "Print `torch.arange(6).view(2, 3)` and your result side by side: is row 0 of the result column 0 of "
        "the input?",
        "`view` only reads the same memory in another shape: no entry changes place. Swapping rows and columns "
        "is a transpose, and every tensor has one built in.",
    ],
    solution_code="""def swap_axes(X):
    return X.T  # (C, R): entry [j, i] is X[i, j]""",
    why="`view(C, R)` keeps the numbers in memory order and cuts them into rows of length R, which is not a "
    "transpose (on a square tensor it changes nothing at all). `.T` swaps the two dimensions.",
    check_args="swap_axes",
    wrong_code="""def swap_axes(X):
    return X.view(X.shape[1], X.shape[0])""",
    wrong_message="swap_axes(tensor of shape (2, 3)) differs from the expected values",
)


def _pair_counts(ids: torch.Tensor) -> torch.Tensor:
    """Return the (27, 27) int64 table of how often each pair of neighbouring indices occurs in `ids`."""
    counts = torch.zeros((27, 27), dtype=torch.long)
    return counts.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1, dtype=torch.long), accumulate=True)


def _count(count_pairs: object) -> str | None:
    many = torch.tensor([0, 1] * 300 + [0])  # '.a' 300 times, 'a.' 300 times: more than a uint8 can hold
    for ids in (many, torch.tensor([0, 5, 13, 13, 1, 0])):  # the input that overflows first
        expected, shown = _pair_counts(ids), f"tensor of shape {tuple(ids.shape)}"
        got, problem = call_problem(count_pairs, (ids,), name="count_pairs", shown=shown)
        if problem is None:  # values first: any integer type that holds the counts will do
            problem = result_problem(got, expected, name=f"count_pairs({shown})", check_dtype=False, labels=ITOS)
        if problem is None and not is_integer(got.dtype):
            problem = _not_integer(got.dtype)
        if problem is not None:
            return problem + _overflow(got, expected)
    return None


def _overflow(got: object, expected: torch.Tensor) -> str:
    """Return "; a torch.uint8 holds counts up to 255 only" if `got` has an integer type too narrow for `expected`."""
    if isinstance(got, torch.Tensor) and is_integer(got.dtype) and expected.max() > torch.iinfo(got.dtype).max:
        return f"; a {got.dtype} holds counts up to {torch.iinfo(got.dtype).max:,} only"
    return ""


def _not_integer(dtype: torch.dtype) -> str:
    """Return why counts of `dtype`, a float, complex or bool type, are wrong even where their values are right."""
    if dtype == torch.bool:
        return "count_pairs returns a torch.bool table, which holds only 0 and 1: count in an integer type"
    exact = round(2 / torch.finfo(dtype).eps)  # the float type adds 1 exactly up to here, then stops counting
    return (f"count_pairs returns {dtype} counts: a {dtype} adds 1 exactly only up to {exact:,}, beyond which the "
            "counts silently stop growing. Count in an integer type")


counter_overflow = Exercise(
    "Exercise 4 (a counter that is big enough)",
    checker=_count,
    hints=[
        "How often does the pair (0, 1) occur in `[0, 1] * 300 + [0]`? Can a `torch.uint8` hold that number?",
        "A `torch.uint8` holds 0 to 255 and wraps around after that, silently: 256 becomes 0. The table, and the "
        "ones you add into it, need an integer type wide enough for every count.",
    ],
    solution_code="""def count_pairs(ids):
    N = torch.zeros((27, 27), dtype=torch.long)  # int64: no count in this course comes near its limit
    N.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1, dtype=torch.long), accumulate=True)
    return N""",
    why="The counter overflowed: 300 in a `uint8` wraps to 300 - 256 = 44, silently. `torch.long` holds counts up "
    "to about 9e18 (`torch.int32` would do too, up to about 2e9); a float type is no counter: past 2**24, a "
    "float32 plus 1 is itself.",
    check_args="count_pairs",
    wrong_code="""def count_pairs(ids):
    N = torch.zeros((27, 27), dtype=torch.uint8)
    N.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1, dtype=torch.uint8), accumulate=True)
    return N""",
    wrong_message="expected 300, got 44; a torch.uint8 holds counts up to 255 only",
)

NOTEBOOK = "02_broadcasting_pitfalls"
EXERCISES: list[Exercise] = [rows_sum_to_one, integer_counts, transpose_bug, counter_overflow]
# What the checks need, as the notebook has it by its exercises: the course's tests run the answers on it.
SETUP = """import torch
from helpers.bigram import bigram_counts
from helpers.data import load_words
from helpers.vocab import build_vocab
words = load_words()
stoi, itos = build_vocab(words)
N = bigram_counts(words, stoi)"""
