"""The results table that ends every notebook: one row per headline figure, beside the lecture's value.

Used in: every notebook (its last cell), and by anything that reads the figures back from a notebook.
"""

from __future__ import annotations

from collections.abc import Iterable

HEADER = "| figure | this notebook | lecture |"
RULE = "|---|---|---|"
MISSING = "–"  # the lecture gave no such figure


def results_table(rows: Iterable[tuple[str, object, object]]) -> str:
    """Return the rows as a markdown table: floats with 4 decimals, integers with thousands separators.

    A lecture value of None means the lecture gave no such figure.

    >>> print(results_table([("dev loss", 2.09314, 2.1701), ("steps", 20000, None)]))
    | figure | this notebook | lecture |
    |---|---|---|
    | dev loss | 2.0931 | 2.1701 |
    | steps | 20,000 | – |
    """
    lines = [HEADER, RULE]
    for row in rows:
        if len(row) != 3:
            raise ValueError(f"each row is (figure, this notebook, lecture); got {row!r}")
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)


def parse_results_table(markdown: str) -> dict[str, tuple[str, str]]:
    """Return {figure: (this notebook, lecture)} from a table made by `results_table`, values as printed.

    >>> parse_results_table("| figure | this notebook | lecture |\\n|---|---|---|\\n| dev loss | 2.0931 | – |")
    {'dev loss': ('2.0931', '–')}
    """
    lines = [line.strip() for line in markdown.strip().splitlines()]
    if lines[:2] != [HEADER, RULE]:
        raise ValueError(f"not a results table: it must start with {HEADER!r} and {RULE!r}")
    table = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 3:
            raise ValueError(f"a results row has 3 cells; got {line!r}")
        table[cells[0]] = (cells[1], cells[2])
    return table


def _cell(value: object) -> str:
    if value is None:
        return MISSING
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    text = str(value)
    if "|" in text or "\n" in text:
        raise ValueError(f"a table cell cannot contain '|' or a newline; got {text!r}")
    return text
