"""Tests for course_tools.solutions: the answer key puts each reference solution into its learner cell, and solves
every exercise again at the end of the notebook, after Run All."""

import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course_tools.solutions import (
    AGAIN,
    HEADING,
    RAISES,
    execute,
    exercises_by_notebook,
    failures,
    solved,
    solved_again_at_end,
    verdicts,
)
from helpers.exercises import Exercise


def exercise(code):
    return Exercise("q", checker=lambda x: None, hints=["a", "b"], solution_code=code, why="because")


def learner_cell(name, source="x = ____"):
    cell = new_code_cell(source)
    cell.metadata["exercise"] = name
    return cell


def notebook(*names):
    cells = []
    for name in names:
        cells += [learner_cell(name), new_code_cell(f"{name}.check(x)")]
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


def test_every_exercise_is_solved_again_in_order_at_the_end_under_a_heading():
    nb = solved(notebook("q1", "q2"), {"q1": exercise("x = 1"), "q2": exercise("x = 2")})
    key = solved_again_at_end(nb)
    assert key.cells[:4] == nb.cells and len(nb.cells) == 4
    heading, *again = key.cells[4:]
    assert (heading.cell_type, heading.source) == ("markdown", HEADING)
    assert [c.source for c in again] == ["x = 1", "q1.check(x)", "x = 2", "q2.check(x)"]
    assert [c.metadata.get(AGAIN) for c in again] == ["q1", None, "q2", None]
    assert all(c.metadata.tags == [RAISES] for c in again)  # one that raises is a verdict, and the rest still run
    assert verdicts(key, AGAIN).keys() == verdicts(key).keys() == {"q1", "q2"}


def test_verdicts_read_what_each_check_cell_printed_or_the_exception_of_a_solution_cell():
    nb = notebook("q1", "q2")
    nb.cells[1].outputs = [new_output("execute_result", data={"text/plain": "q: correct"})]
    nb.cells[2].outputs = [new_output("error", ename="NameError", evalue="name 'size' is not defined", traceback=[])]
    nb.cells[3].outputs = [new_output("stream", name="stdout", text="q: correct\n")]  # a check that prints
    assert verdicts(nb) == {"q1": "q: correct", "q2": "the solution raised NameError: name 'size' is not defined"}


def test_a_failure_names_its_exercise_and_says_whether_it_failed_after_run_all():
    in_place = {"q1": "q: correct", "q2": "q: incorrect. 2 is not 1"}
    after_run_all = {"q1": "ValueError: 5 characters", "q2": "q: correct"}
    assert failures(in_place, after_run_all) == ["q2: q: incorrect. 2 is not 1",
                                                 "q1: failed after Run All: ValueError: 5 characters"]
    assert failures(in_place | {"q2": "q: correct"}, after_run_all | {"q1": "q: correct"}) == []


def check(name, test):
    """Return a check cell that prints "<name>: correct" when `test` holds, or raises ValueError with the answer."""
    return new_code_cell(f"if not ({test}):\n    raise ValueError(f'{name} is {{{name}!r}}')\nprint('{name}: correct')")


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """A notebook whose last cell rebinds the globals two of its three exercises read, solved and executed."""
    exercises = {"ones": exercise("ones = [1] * size"), "shout": exercise("shout = word.upper()"),
                 "total": exercise("total = 1 + 2")}
    nb = new_notebook(cells=[
        new_code_cell("size, word = 3, 'abc'"),
        learner_cell("ones"), check("ones", "ones == [1, 1, 1]"),
        learner_cell("shout"), check("shout", "shout == 'ABC'"),
        learner_cell("total"), check("total", "total == 3"),
        new_code_cell("size, word = 5, None  # a later section rebinds them"),
    ])
    return execute(solved_again_at_end(solved(nb, exercises)), tmp_path_factory.mktemp("solutions"))


def test_in_place_every_reference_solution_is_correct(executed):
    assert verdicts(executed) == {"ones": "ones: correct\n", "shout": "shout: correct\n", "total": "total: correct\n"}


def test_after_run_all_an_exercise_that_reads_a_rebound_global_fails_by_name_and_the_others_still_run(executed):
    assert failures(verdicts(executed), verdicts(executed, AGAIN)) == [
        "ones: failed after Run All: ValueError: ones is [1, 1, 1, 1, 1]",  # the check raised
        "shout: failed after Run All: the solution raised AttributeError: 'NoneType' object has no attribute "
        "'upper'",  # its check alone would pass, on the answer left from the first time
    ]
    assert verdicts(executed, AGAIN)["total"] == "total: correct\n"


def test_every_notebook_with_exercises_is_found():
    assert "01_counting" in exercises_by_notebook()
    assert set(exercises_by_notebook()["01_counting"]) == {
        "last_letters", "one_letter_names", "counts_without_bincount", "double_letters"
    }
