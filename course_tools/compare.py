"""Compare a notebook's stored outputs with a new run's: text exactly, floating-point figures within a tolerance.

`make test` (through nbval, see course_tools.nbval_tolerance) and `make outputs` (course_tools.notebooks) both
compare this way, so a re-run that `make test` would accept leaves the stored notebook untouched.

The rules, applied line by line to every text output (printed streams, text/plain, text/markdown, text/html):

- The lines must pair up one to one, and everything between the numbers must match exactly, whitespace too.
- A number without a decimal point or exponent (`27`, `32,033`, `-3`) is an integer: exactly equal.
- A floating-point number (`2.4546`, `62.4%`, `5.7e-06`) stands for the interval its printed digits carry:
  the value, plus or minus half a unit in its last digit. Two of them match when they differ by at most
  `rel` times the larger magnitude plus `abs`, plus half a unit in the last digit of each (so a rounding
  that tips over, 2.45465 printed as 2.4546 on one machine and 2.4547 on another, always matches).
  The default is `rel` = 1e-4 and `abs` = 0: about what four printed decimals of a loss carry.
- A code cell may declare a wider tolerance in its metadata, with its reason:

      "tolerance": {"abs": 1e-05, "reason": "the gap between the two gradients is float32 rounding"}

  `rel`, `abs` or both; one left out keeps its default. The declaration applies to every number the cell
  prints. Only cells whose figures are rounding noise, or amplify it, should need one.
- A figure printed with fewer digits is checked to fewer digits: `2.4` matches `2.3` and `2.5`. A figure
  printed without a decimal point (`3%`, `f"{x:.0f}"`) is an integer to this comparison, and must match.

>>> compare_text("loss 2.4546 after 1,000 steps", "loss 2.4547 after 1,000 steps", Tolerance()) is None
True
>>> print(compare_text("loss 2.4546", "loss 2.4612", Tolerance()))  # doctest: +ELLIPSIS
line 1: 2.4546 stored, 2.4612 now: they differ by 0.0066, more than the 0.00035 allowed (the default ...)
    stored: loss 2.4546
       now: loss 2.4612
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from nbformat import NotebookNode, from_dict

# A number that stands alone: not part of a word (x1, 0x7f), an optional sign, digits with optional thousands
# separators, an optional fraction and exponent. A trailing "." (end of a sentence) is not a fraction.
NUMBER = re.compile(r"(?<![\w.])([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)(?!\w)")
METADATA_KEY = "tolerance"
TEXT_TYPES = ("text/plain", "text/markdown", "text/html", "text/latex")
MAX_REPORTED = 5  # differing lines listed in a failure message


@dataclass(frozen=True)
class Tolerance:
    """How far apart two printed floating-point figures may be: rel * larger magnitude + abs (+ rounding)."""

    rel: float = 1e-4
    abs: float = 0.0
    reason: str = ""  # empty for the default

    def describe(self) -> str:
        """Return the tolerance in words, for a failure message."""
        which = f"declared in the cell: {self.reason}" if self.reason else "the default tolerance"
        return f"{which}: relative {self.rel:g}, absolute {self.abs:g}, plus half a unit in each last printed digit"

    def allowed(self, stored: str, now: str) -> float:
        """Return the largest difference allowed between the two printed numbers."""
        a, b = float(stored.replace(",", "")), float(now.replace(",", ""))
        return self.rel * max(abs(a), abs(b)) + self.abs + (last_unit(stored) + last_unit(now)) / 2


def last_unit(number: str) -> float:
    """Return one unit in the last printed digit of a floating-point number: 0.0001 for '2.4546'.

    >>> last_unit("2.4546"), last_unit("5.7e-06"), last_unit("62.4")
    (0.0001, 1e-07, 0.1)
    """
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return float(f"1e{int(exponent or 0) - decimals}")


def is_float(number: str) -> bool:
    """Return True for a number printed with a fraction or an exponent (compared within a tolerance)."""
    return "." in number or "e" in number.lower()


def tolerance_of(metadata: Mapping) -> Tolerance:
    """Return the tolerance a code cell declares in its metadata, or the default; raise ValueError on a bad one."""
    declared = metadata.get(METADATA_KEY)
    if declared is None:
        return Tolerance()
    fix = 'declare it as "tolerance": {"rel": 0.001, "abs": 0.0, "reason": "why this cell amplifies rounding"}'
    if not isinstance(declared, Mapping) or set(declared) - {"rel", "abs", "reason"}:
        raise ValueError(f"the cell's tolerance {declared!r} is not understood: {fix}")
    reason = declared.get("reason")
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason:
        raise ValueError(f"the cell's tolerance has no one-line reason: {fix}")
    if not {"rel", "abs"} & set(declared):
        raise ValueError(f"the cell's tolerance declares neither rel nor abs: {fix}")
    default = Tolerance()
    values = {key: declared.get(key, getattr(default, key)) for key in ("rel", "abs")}  # omitted: the default's
    if any(not isinstance(v, int | float) or isinstance(v, bool) or not 0 <= v < math.inf for v in values.values()):
        raise ValueError(f"the cell's tolerance needs numbers >= 0 for rel and abs; got {declared!r}: {fix}")
    return Tolerance(rel=values["rel"], abs=values["abs"], reason=reason.strip())


def compare_line(stored: str, now: str, tolerance: Tolerance) -> str | None:
    """Return None if the two lines match under the rules above, else what differs first."""
    if stored == now:
        return None
    old, new = NUMBER.split(stored), NUMBER.split(now)  # text, number, text, number, ..., text
    if len(old) != len(new):
        return f"the line has {len(old) // 2} numbers stored and {len(new) // 2} now"
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        if a == b:
            continue
        if i % 2 == 0:
            return f"the text differs: {a!r} stored, {b!r} now"
        if not (is_float(a) and is_float(b)):
            return f"{a} stored, {b} now: integers must match exactly"
        difference = abs(float(a.replace(",", "")) - float(b.replace(",", "")))
        allowed = tolerance.allowed(a, b)
        if not difference <= allowed:  # also catches nan
            return (
                f"{a} stored, {b} now: they differ by {difference:.2g}, more than the {allowed:.2g} allowed "
                f"({tolerance.describe()})"
            )
    return None


def compare_text(stored: str, now: str, tolerance: Tolerance) -> str | None:
    """Return None if the two texts match line by line, else a message: each line that differs (the first few),
    with both versions, then a missing or extra line.

    >>> print(compare_text("a 1\\nb 2", "a 1", Tolerance()))
    the stored output has 2 lines, this run's 1: line 2 is missing
        stored: b 2
    """
    old, new = stored.splitlines(), now.splitlines()
    problems = []
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):  # extra lines: below
        problem = compare_line(a, b, tolerance)
        if problem:
            problems.append(f"line {number}: {problem}\n    stored: {a}\n       now: {b}")
    if len(old) > len(new):
        problems.append(
            f"the stored output has {len(old)} lines, this run's {len(new)}: line {len(new) + 1} is missing\n"
            f"    stored: {old[len(new)]}"
        )
    elif len(new) > len(old):
        problems.append(
            f"the stored output has {len(old)} lines, this run's {len(new)}: line {len(old) + 1} is extra\n"
            f"       now: {new[len(old)]}"
        )
    elif not problems and _endings(stored) != _endings(now):  # such as a final newline
        problems.append("the line endings differ")
    if len(problems) > MAX_REPORTED:
        problems[MAX_REPORTED:] = [f"... and {len(problems) - MAX_REPORTED} more"]
    return "\n".join(problems) or None


def _endings(text: str) -> list[str]:
    return [line[len(line.rstrip("\r\n")) :] for line in text.splitlines(keepends=True)]


def _texts(output: Mapping) -> dict[str, str]:
    """Return the comparable texts of one output: {'stream:stdout': ...} or {'text/plain': ...}."""
    if output.get("output_type") == "stream":
        return {f"stream:{output.get('name')}": _joined(output.get("text", ""))}
    data = output.get("data", {})
    return {key: _joined(data[key]) for key in TEXT_TYPES if key in data}


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def match_outputs(
    stored: list[Mapping], now: list[Mapping], tolerance: Tolerance, sanitize=lambda text: text
) -> tuple[list[NotebookNode], list[str]]:
    """Return (outputs, problems): `now` with each text that matches its stored counterpart replaced by it.

    Outputs pair up by kind in order (the first stdout stream with the first, the first text/plain with the
    first, ...), as nbval pairs them. A text that matches under the tolerance (after `sanitize`, nbval's
    sanitize rules) is replaced by the stored text, so that an exact comparison afterwards passes; each text
    that does not match gives a problem (which output, and `compare_text`'s message). What does not pair up
    (a missing or extra output) is left for the exact comparison to report.
    """
    outputs = [from_dict(output) for output in now]
    seen: dict[str, list[int]] = {}
    for i, output in enumerate(stored):
        for key in _texts(output):
            seen.setdefault(key, []).append(i)
    taken: dict[str, int] = {}
    problems = []
    for j, output in enumerate(outputs):
        for key, text in _texts(output).items():
            k = taken.get(key, 0)
            taken[key] = k + 1
            if k >= len(seen.get(key, [])):
                continue
            before = stored[seen[key][k]]
            old = _texts(before)[key]
            problem = compare_text(sanitize(old), sanitize(text), tolerance)
            if problem:
                problems.append(f"{key.removeprefix('stream:')} output: {problem}")
            elif key.startswith("stream:"):
                outputs[j] = from_dict({**output, "text": before["text"]})
            else:
                outputs[j] = from_dict({**output, "data": {**output["data"], key: before["data"][key]}})
                output = outputs[j]
    return outputs, problems


# What nbval leaves out of its comparison: bookkeeping, tracebacks (their paths vary) and pictures.
NOT_COMPARED = {"metadata", "execution_count", "traceback", "image/png", "image/jpeg", "image/svg+xml"}


def outputs_differ(
    stored: list[Mapping], now: list[Mapping], tolerance: Tolerance, sanitize=lambda text: text
) -> list[str]:
    """Return what differs between two cells' outputs as `make test` compares them; empty if they match.

    Texts are compared as `match_outputs` does; everything else nbval compares (the kinds and number of
    outputs, an error's name and message) must be equal.
    """
    matched, problems = match_outputs(stored, now, tolerance, sanitize)
    if problems:
        return problems
    if _comparable(stored, sanitize) != _comparable(matched, sanitize):
        return ["the outputs differ in kind, number or content (not only in numbers)"]
    return []


def _comparable(outputs: list[Mapping], sanitize) -> list[dict]:
    def strip(value):
        if isinstance(value, Mapping):
            return {k: strip(v) for k, v in value.items() if k not in NOT_COMPARED}
        return sanitize(_joined(value)) if isinstance(value, str | list) else value

    return [strip(output) for output in outputs]
