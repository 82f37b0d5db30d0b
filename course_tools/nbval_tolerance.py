"""A pytest plugin that extends nbval's comparison of notebook outputs with course_tools.compare's tolerance.

Registered from the checkout's conftest.py, so `make test` (pytest --nbval ...) uses it. nbval still runs every
cell and compares every output; before it compares a cell, each text that matches its stored counterpart
under the cell's tolerance (the default, or the one declared in the cell's metadata) is replaced by the stored
text. What does not match is left for nbval to report, and the failure message starts with what differs: both
numbers, and the tolerance that applied.
"""

from __future__ import annotations

import pytest
from nbval.plugin import IPyNbCell, IPyNbFile

from course_tools.compare import match_outputs, tolerance_of

CELL_TIMEOUT = 900  # seconds: a notebook cell may train a network; a unit test gets the default limit


class ToleratingCell(IPyNbCell):
    """A notebook cell compared as nbval compares it, numbers within the cell's tolerance."""

    def compare_outputs(self, test, ref, skip_compare=None):
        tolerance = tolerance_of(self.cell.metadata)
        matched, problems = match_outputs(ref, test, tolerance, sanitize=self.sanitize)
        if super().compare_outputs(matched, ref, skip_compare):
            return True
        if problems:
            self.comparison_traceback[:0] = ["What differs:", *problems, ""]
        return False


class ToleratingNotebook(IPyNbFile):
    """A notebook whose cells are ToleratingCells; a bad tolerance declaration fails when collected."""

    def collect(self):
        for item in super().collect():
            tolerance_of(item.cell.metadata)  # raises ValueError with the fix for a malformed declaration
            cell = ToleratingCell.from_parent(
                self, name=item.name, cell_num=item.cell_num, cell=item.cell, options=item.options
            )
            cell.add_marker(pytest.mark.timeout(CELL_TIMEOUT))
            yield cell


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """Swap each notebook nbval collects for a ToleratingNotebook."""
    collected = yield
    return [
        ToleratingNotebook.from_parent(parent, path=file_path) if isinstance(node, IPyNbFile) else node
        for node in collected
    ]
