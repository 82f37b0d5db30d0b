"""Exercises the learner does: fill in a blank, then ask `check()`, `hint()` or `solution()`.

Kaggle Learn's pattern, small and tensor-aware. A notebook cell holds the blank `____` (the notebook sets
`____ = BLANK` once); the learner replaces it and runs the next cell, `q1.check(answer, ...)`, which says *what*
is wrong (the largest difference and where, a shape, a dtype, a function that returns None or raises) or that
the answer is correct. An untouched blank is "not attempted", never an error, so Run All works on a fresh
notebook. Everything a check needs is passed to it; nothing is read from the notebook behind the learner's back.

Used in: the exercises of every notebook.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import torch


class _Blank:
    """The blank a learner replaces. It stands for "not attempted" wherever it appears in an answer."""

    def __repr__(self) -> str:
        return "____"


BLANK = _Blank()  # a notebook names it once, `____ = BLANK`, and puts `____` wherever the learner answers
NOT_ATTEMPTED, CORRECT, INCORRECT = "not attempted", "correct", "incorrect"
BLANK_RETURNED = "a function returned the blank"  # what function_problem reports for `return ____`: not attempted
_COLOURS = {CORRECT: "#1a7f37", INCORRECT: "#cf222e", NOT_ATTEMPTED: "#57606a"}
_CODE = re.compile(r"`([^`]+)`")  # a `code` span in a hint or a message


@dataclass(frozen=True)
class Outcome:
    """The result of a check: its status and a message. Shows as coloured text in JupyterLab, plain text elsewhere."""

    title: str
    status: str
    message: str = ""

    def __repr__(self) -> str:
        return f"{self.title}: {self.status}" + (f". {self.message}" if self.message else "")

    def _repr_html_(self) -> str:
        colour = _COLOURS.get(self.status, "#0969da")  # a hint: blue
        message = f" {_html(self.message)}" if self.message else ""
        return f'<p><strong>{_html(self.title)}</strong>: <span style="color:{colour}"><strong>' \
            f"{self.status}</strong></span>.{message}</p>"


def _html(text: str) -> str:
    """Return `text` escaped for HTML, with each `code` span shown as code.

    >>> _html("use `a < b` here")
    'use <code>a &lt; b</code> here'
    """
    return _CODE.sub(r"<code>\1</code>", html.escape(text))


@dataclass
class Exercise:
    """One question: `checker(*answers)` returns None when the answer is right, else what is wrong.

    `hints` are shown one more per call of `hint()`; `solution_code` and `why` are shown by `solution()`. For the
    course's own tests and answer key: the notebook's check cell is `<name>.check(<check_args>)`, and
    `wrong_code`, a typical wrong answer, must fail with a message containing `wrong_message`.
    """

    title: str
    checker: Callable[..., str | None]
    hints: Sequence[str]
    solution_code: str
    why: str
    check_args: str = ""
    wrong_code: str = ""
    wrong_message: str = ""
    _hints_shown: int = field(default=0, repr=False)

    def check(self, *answers: object) -> Outcome:
        """Return whether the answers are right: not attempted while any holds the blank, else correct or why not."""
        problem = BLANK_RETURNED if any(_holds_blank(a) for a in answers) else self.checker(*answers)
        if problem == BLANK_RETURNED:
            return Outcome(self.title, NOT_ATTEMPTED, "Replace ____ with your answer, run that cell, then this one.")
        return Outcome(self.title, CORRECT) if problem is None else Outcome(self.title, INCORRECT, problem)

    def hint(self) -> Outcome:
        """Return the next hint (the last one again once all are shown)."""
        if not self.hints:
            return Outcome(self.title, "hint", "No hint for this one: try, then check.")
        self._hints_shown = min(self._hints_shown + 1, len(self.hints))
        return Outcome(self.title, f"hint {self._hints_shown} of {len(self.hints)}", self.hints[self._hints_shown - 1])

    def solution(self) -> Solution:
        """Return the reference solution and why it works."""
        return Solution(self.title, self.solution_code, self.why)


@dataclass(frozen=True)
class Solution:
    """A reference solution, shown as a code block and an explanation."""

    title: str
    code: str
    why: str

    def __repr__(self) -> str:
        return f"{self.title}: solution\n\n{self.code}\n\n{self.why}"

    def _repr_markdown_(self) -> str:
        return f"**{self.title}: solution**\n\n```python\n{self.code}\n```\n\n{self.why}"


def _holds_blank(answer: object) -> bool:
    if isinstance(answer, _Blank):
        return True
    if isinstance(answer, list | tuple | set):
        return any(_holds_blank(a) for a in answer)
    if isinstance(answer, dict):
        return any(_holds_blank(a) for a in answer.values())
    return False


def tensor_problem(
    got: object,
    expected: torch.Tensor,
    *,
    name: str = "your answer",
    exact: bool = False,
    check_dtype: bool = True,
    labels: Mapping[int, str] | None = None,
) -> str | None:
    """Return what is wrong with tensor `got` against `expected` (type, shape, values, dtype), or None if it matches.

    Values compare as `torch.testing.assert_close` does (exactly with `exact=True`), whatever the dtypes; the
    message names the largest difference and where it is. Only then, unless `check_dtype=False`, must the dtypes
    match. `labels` (an `itos`) names the characters of the index along every dimension of size `len(labels)`.

    >>> tensor_problem(torch.zeros(2, 3), torch.zeros(3, 2))
    'your answer has shape (2, 3); expected (3, 2)'
    >>> tensor_problem(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.5])).split('; ')[1]
    'the largest difference is 0.5 at index (1,): expected 2.5, got 2'
    >>> tensor_problem(torch.tensor([0, 5]), torch.tensor([0, 7]), labels={0: ".", 1: "a"}).split('; ')[1]
    "the largest difference is 2 at index (1,) ('a'): expected 7, got 5"
    """
    if not isinstance(got, torch.Tensor):
        return f"{name} should be a tensor, but it is a {type(got).__name__}"
    if got.shape != expected.shape:
        return f"{name} has shape {tuple(got.shape)}; expected {tuple(expected.shape)}"
    tolerance = {"rtol": 0.0, "atol": 0.0} if exact else {}
    try:
        torch.testing.assert_close(got.detach(), expected, equal_nan=True, check_dtype=False, **tolerance)
    except AssertionError:
        return f"{name} {_difference(got.detach(), expected, exact, labels)}"
    if check_dtype and got.dtype != expected.dtype:
        return f"{name} has dtype {got.dtype}; expected {expected.dtype}"
    return None


def counts_problem(
    got: object, expected: torch.Tensor, *, name: str = "your answer", labels: Mapping[int, str] | None = None
) -> str | None:
    """Return what is wrong with a table of counts `got`, or None: exactly the values of `expected`, in any integer
    type (int32 holds the course's counts as well as int64 does); a float or bool table is told why it is no counter.

    >>> counts_problem(torch.tensor([2, 1], dtype=torch.int32), torch.tensor([2, 1])) is None
    True
    >>> counts_problem(torch.tensor([2.0, 1.0]), torch.tensor([2, 1]))
    'your answer has dtype torch.float32: counts are whole numbers, so count in an integer type such as torch.long'
    """
    problem = tensor_problem(got, expected, name=name, exact=True, check_dtype=False, labels=labels)
    if problem is None and not is_integer(got.dtype):
        return f"{name} has dtype {got.dtype}: counts are whole numbers, so count in an integer type such as torch.long"
    return problem


def is_integer(dtype: torch.dtype) -> bool:
    """Return True for an integer dtype (torch.uint8 to torch.int64), False for float, complex and bool."""
    return not (dtype.is_floating_point or dtype.is_complex or dtype == torch.bool)


def _difference(got: torch.Tensor, expected: torch.Tensor, exact: bool, labels: Mapping[int, str] | None) -> str:
    """Return how many entries of `got` differ from `expected`, the largest difference, where, and its two values."""
    tolerance = {"rtol": 0.0, "atol": 0.0} if exact else {"rtol": 1.3e-6, "atol": 1e-5}
    wrong = ~torch.isclose(got.double(), expected.double(), equal_nan=True, **tolerance)
    difference = (got.double() - expected.double()).abs().nan_to_num(nan=math.inf, posinf=math.inf)
    where = tuple(int(i) for i in torch.unravel_index(difference.argmax(), difference.shape))
    want, have = _distinct(expected[where].item(), got[where].item())
    if expected.dim() == 0:
        return f"is {have}; expected {want}"
    largest = difference.max().item()
    largest = f"{int(largest):,}" if largest.is_integer() else f"{largest:.4g}"
    return (f"differs from the expected values in {int(wrong.sum())} of {expected.numel()} entries; the largest "
            f"difference is {largest} at index {where}{_labelled(where, expected.shape, labels)}: expected {want}, "
            f"got {have}")


def _labelled(where: tuple[int, ...], shape: torch.Size, labels: Mapping[int, str] | None) -> str:
    """Return " ('.e')" at (0, 5) of a table indexed by characters, " (3, 'e')" if only its columns are, else ""."""
    if labels is None:
        return ""
    marks = [labels.get(i) if size == len(labels) else None for i, size in zip(where, shape, strict=True)]
    if all(mark is None for mark in marks):
        return ""
    if all(mark is not None for mark in marks):
        return f" ({''.join(marks)!r})"
    return " (" + ", ".join(str(i) if mark is None else repr(mark) for i, mark in zip(where, marks, strict=True)) + ")"


def call_problem(fn: object, args: tuple, *, name: str, shown: str = "") -> tuple[object, str | None]:
    """Call the learner's `fn(*args)`; return (its result, None), or (None, what went wrong).

    What can go wrong: `fn` is not a function, it raises (named with its message), or it still returns the blank
    (then the problem is BLANK_RETURNED, which `Exercise.check` reports as "not attempted").
    """
    if not callable(fn):
        return None, f"{name} should be a function, but it is a {type(fn).__name__}"
    try:
        got = fn(*args)
    except Exception as err:  # the learner's code: any exception is a finding to report, not a crash
        return None, f"{name}({shown}) raised {type(err).__name__}: {err}"
    return (None, BLANK_RETURNED) if isinstance(got, _Blank) else (got, None)


def function_problem(
    fn: object,
    cases: Sequence[tuple[tuple, object]],
    *,
    name: str = "your function",
    labels: Mapping[int, str] | None = None,
) -> str | None:
    """Call `fn` on each case's arguments; return what went wrong on the first case that fails, or None.

    Each case is (args, expected). A result that is None, an exception (named with its message) or a wrong value
    is reported with the input it came from, so an answer right for one input and wrong for another says which.
    `labels` is passed on to `tensor_problem`.
    """
    for args, expected in cases:
        shown = ", ".join(_short(a) for a in args)
        got, problem = call_problem(fn, args, name=name, shown=shown)
        if problem is None:
            problem = result_problem(got, expected, name=f"{name}({shown})", labels=labels)
        if problem is not None:
            return problem
    return None


def result_problem(
    got: object,
    expected: object,
    *,
    name: str,
    check_dtype: bool = True,
    labels: Mapping[int, str] | None = None,
) -> str | None:
    """Return what is wrong with `got`, what the call `name` returned, against `expected`, or None if it matches.

    A tensor compares as `tensor_problem` does, a float as `number_problem` does, anything else with `==`.

    >>> result_problem(None, 6, name="double(3)")
    'double(3) returned None: does it end with `return`?'
    """
    if got is None and expected is not None:
        return f"{name} returned None: does it end with `return`?"
    if isinstance(expected, torch.Tensor):
        return tensor_problem(got, expected, name=name, check_dtype=check_dtype, labels=labels)
    if isinstance(expected, float):
        return number_problem(got, expected, name=name)
    return None if got == expected else f"{name} returned {_short(got)}; expected {_short(expected)}"


def number_problem(
    got: object, expected: float, *, name: str = "your answer", rel: float = 1e-5, reveal: bool = True
) -> str | None:
    """Return what is wrong with the number `got` (a float, int or one-number tensor) against `expected`, or None.

    With `reveal=False` the message does not give the expected value away (for a question whose answer is it).

    >>> number_problem(2.5, 2.4545, name="nll")
    'nll is 2.5; expected 2.454'
    """
    if isinstance(got, torch.Tensor):
        if got.numel() != 1:
            return f"{name} should be one number, but it is a tensor of {got.numel()} numbers"
        got = got.item()
    if not isinstance(got, float | int) or isinstance(got, bool):
        return f"{name} should be a number, but it is a {type(got).__name__}"
    if math.isclose(got, expected, rel_tol=rel, abs_tol=1e-9) or (math.isnan(got) and math.isnan(expected)):
        return None
    want, have = _distinct(expected, float(got))
    return f"{name} is {have}; expected {want}" if reveal else f"{name} is {have}, which is not right yet"


def _distinct(a: float, b: float) -> tuple[str, str]:
    """Return a and b with 4 significant digits, or more where 4 would print them alike."""
    if float(a).is_integer() and float(b).is_integer():
        return f"{int(a):,}", f"{int(b):,}"
    for digits in range(4, 10):
        shown = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if shown[0] != shown[1]:
            break
    return shown


def _short(value: object, width: int = 60) -> str:
    if isinstance(value, torch.Tensor):
        return f"tensor of shape {tuple(value.shape)}"
    if isinstance(value, dict):
        return f"a dict of {len(value)} entries"
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."
