"""Tests for course_tools.mutants: every planted bug still fits the code it was written for, and changes it."""

import pytest

from course_tools.mutants import MUTANTS, ROOT, try_mutant


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_each_mutant_finds_its_text_once_and_changes_it(mutant):
    assert (ROOT / mutant.path).read_text().count(mutant.before) == 1, "stale: update it to the code as it is now"
    assert mutant.before != mutant.after


def test_a_stale_mutant_is_reported_and_leaves_the_file_alone():
    path = ROOT / "helpers" / "exercises.py"
    before = path.read_text()
    stale = type(MUTANTS[0])("gone", "helpers/exercises.py", "text that is not in the file", "x")
    assert try_mutant(stale) == "stale"
    assert path.read_text() == before
