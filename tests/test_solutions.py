"""Tests for course_tools.solutions: the answer key puts each reference solution into its learner cell."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course_tools.solutions import exercises_by_notebook, solved, verdicts
from helpers.exercises import Exercise


def exercise(code):
    return Exercise("q", checker=lambda x: None, hints=["a", "b"], solution_code=code, why="because")


def notebook(*names):
    cells = []
    for name in names:
        learner = new_code_cell("x = ____")
        learner.metadata["exercise"] = name
        cells += [learner, new_code_cell(f"{name}.check(x)")]
    return new_notebook(cells=cells)


def test_each_learner_cell_gets_its_reference_solution_and_the_original_is_untouched():
    nb = notebook("q1", "q2")
    key = solved(nb, {"q1": exercise("x = 1"), "q2": exercise("x = 2")})
    assert [c.source for c in key.cells] == ["x = 1", "q1.check(x)", "x = 2", "q2.check(x)"]
    assert nb.cells[0].source == "x = ____"


def test_an_exercise_asked_but_not_defined_or_defined_but_not_asked_is_an_error():
    with pytest.raises(KeyError, match="exercise 'q3', which helpers.questions does not define"):
        solved(notebook("q3"), {})
    with pytest.raises(KeyError, match=r"defined but not asked in the notebook: \['q2'\]"):
        solved(notebook("q1"), {"q1": exercise("x = 1"), "q2": exercise("x = 2")})


def test_verdicts_read_what_each_check_cell_printed():
    nb = notebook("q1")
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "q: correct"})]
    assert verdicts(nb, {"q1": exercise("x = 1")}) == {"q1": "q: correct"}


def test_every_notebook_with_exercises_is_found():
    assert "01_counting" in exercises_by_notebook()
    assert set(exercises_by_notebook()["01_counting"]) == {
        "last_letters", "one_letter_names", "counts_without_bincount", "double_letters"
    }
