"""Tests for helpers.exercises: a blank is "not attempted", and every kind of wrong answer says what is wrong."""

import pytest
import torch

from helpers.exercises import (
    BLANK,
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    Exercise,
    Outcome,
    function_problem,
    tensor_problem,
)

ITOS = {0: ".", 1: "a", 2: "b"}  # a vocabulary of three characters


def squares_exercise() -> Exercise:
    expected = torch.arange(5) ** 2
    return Exercise(
        "squares",
        checker=lambda got: tensor_problem(got, expected, name="squares"),
        hints=["Start from torch.arange(5).", "Raise it to the power 2: `** 2`."],
        solution_code="squares = torch.arange(5) ** 2",
        why="`**` works element by element, so one expression squares every entry.",
    )


def test_the_blank_is_not_attempted_wherever_it_sits_and_never_raises():
    q = squares_exercise()
    for answer in (BLANK, [1, BLANK], (BLANK,), {"a": BLANK}):
        outcome = q.check(answer)
        assert outcome.status == NOT_ATTEMPTED and "Replace ____" in outcome.message
    assert repr(BLANK) == "____"  # what the learner sees in the cell


def test_a_function_that_still_returns_the_blank_is_not_attempted():
    q = Exercise("f", checker=lambda fn: function_problem(fn, [((1,), 2)]), hints=[], solution_code="", why="")
    assert q.check(lambda x: BLANK).status == NOT_ATTEMPTED
    assert q.check(lambda x: 3).status == INCORRECT


def test_a_right_answer_is_correct_in_plain_text_and_in_green():
    outcome = squares_exercise().check(torch.tensor([0, 1, 4, 9, 16]))
    assert outcome.status == CORRECT and repr(outcome) == "squares: correct"
    assert "#1a7f37" in outcome._repr_html_() and "correct" in outcome._repr_html_()


def test_a_wrong_answer_is_incorrect_in_red_with_the_reason():
    outcome = squares_exercise().check(torch.tensor([0, 1, 4, 9, 15]))
    assert outcome.status == INCORRECT and "#cf222e" in outcome._repr_html_()
    assert repr(outcome).startswith("squares: incorrect. squares differs from the expected values in 1 of 5 entries")
    assert "largest difference is 1 at index (4,): expected 16, got 15" in outcome.message


@pytest.mark.parametrize(
    ("got", "message"),
    [
        ([0, 1, 4], "your answer should be a tensor, but it is a list"),
        (torch.zeros(2, 3), "your answer has shape (2, 3); expected (3, 2)"),
        (torch.zeros(3, 2, dtype=torch.int64), "your answer has dtype torch.int64; expected torch.float32"),
    ],
)
def test_tensor_problem_names_type_shape_and_dtype(got, message):
    assert tensor_problem(got, torch.zeros(3, 2)) == message


def test_code_spans_show_as_code_in_jupyterlab_and_keep_their_backticks_in_plain_text():
    outcome = Outcome("q", "hint 1 of 2", "Use `a < b` and `torch.long`, not <b>.")
    shown = outcome._repr_html_()
    assert "Use <code>a &lt; b</code> and <code>torch.long</code>, not &lt;b&gt;.</p>" in shown and "`" not in shown
    assert repr(outcome) == "q: hint 1 of 2. Use `a < b` and `torch.long`, not <b>."


def test_tensor_problem_compares_values_before_dtypes():
    """Integer division's zeros are reported as wrong values, not as a dtype that gives the fix away."""
    message = tensor_problem(torch.tensor([0, 0]), torch.tensor([0.25, 0.75]))
    assert message.endswith("the largest difference is 0.75 at index (1,): expected 0.75, got 0")
    right_values, expected = torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1, 2])
    assert tensor_problem(right_values, expected) == "your answer has dtype torch.int32; expected torch.int64"
    assert tensor_problem(right_values, expected, check_dtype=False) is None
    wrapped = tensor_problem(torch.tensor([44], dtype=torch.uint8), torch.tensor([300]), check_dtype=False)
    assert wrapped.endswith("the largest difference is 256 at index (0,): expected 300, got 44")


@pytest.mark.parametrize(
    ("where", "shape", "shown"),
    [
        ((1,), (3,), "(1,) ('a')"),
        ((0, 2), (3, 3), "(0, 2) ('.b')"),
        ((2, 0, 1), (3, 3, 3), "(2, 0, 1) ('b.a')"),
        ((4, 1), (5, 3), "(4, 1) (4, 'a')"),  # only the columns are indexed by the characters
        ((1, 3), (2, 4), "(1, 3)"),  # no dimension is
    ],
)
def test_tensor_problem_names_the_characters_along_each_dimension_indexed_by_them(where, shape, shown):
    expected = torch.zeros(shape, dtype=torch.long)
    got = expected.clone()
    got[where] = 6763
    message = tensor_problem(got, expected, name="N", labels=ITOS)
    assert message == f"N differs from the expected values in 1 of {got.numel()} entries; the largest difference " \
        f"is 6,763 at index {shown}: expected 0, got 6,763"
    assert tensor_problem(got, expected).endswith(f"at index {where}: expected 0, got 6,763")


def test_function_problem_passes_the_labels_on():
    cases = [((torch.tensor([0, 1]),), torch.tensor([1, 0, 0]))]
    message = function_problem(lambda ids: torch.zeros(3, dtype=torch.long), cases, name="first", labels=ITOS)
    assert message == "first(tensor of shape (2,)) differs from the expected values in 1 of 3 entries; the largest " \
        "difference is 1 at index (0,) ('.'): expected 1, got 0"


def test_a_one_number_tensor_is_reported_as_a_number_not_at_an_index():
    assert tensor_problem(torch.tensor(float("inf")), torch.tensor(100.0), name="loss") == "loss is inf; expected 100"


def test_tensor_problem_finds_the_largest_difference_and_where_it_is():
    expected = torch.zeros(3, 4)
    got = expected.clone()
    got[1, 2], got[2, 3] = 0.5, -2.0
    message = tensor_problem(got, expected, name="P")
    assert message.startswith("P differs from the expected values in 2 of 12 entries")
    assert message.endswith("the largest difference is 2 at index (2, 3): expected 0, got -2")


def test_tensor_problem_tolerates_float_rounding_unless_exact():
    expected = torch.tensor([1.0, 2.0])
    assert tensor_problem(expected + 1e-6, expected) is None
    message = tensor_problem(expected + 1e-6, expected, exact=True)
    assert "2 of 2 entries" in message and message.endswith("expected 1, got 1.000001")
    assert tensor_problem(torch.tensor([float("nan")]), torch.tensor([float("nan")])) is None


def test_function_problem_reports_none_returned():
    def forgot_return(x):
        x * 2

    message = function_problem(forgot_return, [((3,), 6)], name="double")
    assert message == "double(3) returned None: does it end with `return`?"


def test_function_problem_shows_the_exception_it_raised():
    message = function_problem(lambda x: 1 / x, [((1,), 1.0), ((0,), None)], name="inverse")
    assert message == "inverse(0) raised ZeroDivisionError: division by zero"


def test_function_problem_names_the_input_it_is_wrong_for():
    """Right for one input, wrong for another: the message names the input that fails."""
    cases = [(("emma",), "a"), (("",), "")]
    message = function_problem(lambda w: w[-1], cases, name="last")
    assert message == "last('') raised IndexError: string index out of range"
    cases = [(("emma",), "a"), (("ava",), "a"), (("noah",), "h")]
    assert function_problem(lambda w: "a", cases, name="last") == "last('noah') returned 'a'; expected 'h'"
    assert function_problem(lambda w: w[-1], cases, name="last") is None


def test_function_problem_checks_tensors_and_callables():
    cases = [((torch.tensor([1.0, 3.0]),), torch.tensor([0.25, 0.75]))]
    assert function_problem(lambda t: t / t.sum(), cases) is None
    assert "has shape (1, 2)" in function_problem(lambda t: (t / t.sum())[None], cases)
    assert function_problem("not a function", cases) == "your function should be a function, but it is a str"


def test_hints_come_one_level_at_a_time_and_the_last_repeats():
    q = squares_exercise()
    shown = [repr(q.hint()) for _ in range(3)]
    assert shown[0] == "squares: hint 1 of 2. Start from torch.arange(5)."
    assert shown[1] == shown[2] == "squares: hint 2 of 2. Raise it to the power 2: `** 2`."
    assert "#0969da" in q.hint()._repr_html_()


def test_the_solution_shows_the_code_and_why():
    solution = squares_exercise().solution()
    assert "```python\nsquares = torch.arange(5) ** 2\n```" in solution._repr_markdown_()
    assert repr(solution).endswith("`**` works element by element, so one expression squares every entry.")


def test_a_checker_that_finds_nothing_wrong_for_the_reference_solution():
    """The reference solution, run as the learner would run it, passes its own check."""
    q = squares_exercise()
    namespace = {"torch": torch}
    exec(q.solution_code, namespace)  # noqa: S102 (the course's own reference code)
    assert q.check(namespace["squares"]).status == CORRECT


def test_number_problem_accepts_floats_ints_and_one_number_tensors_and_infinity():
    from helpers.exercises import number_problem

    assert number_problem(torch.tensor(2.45451), 2.4545) is None
    assert number_problem(float("inf"), float("inf")) is None
    assert number_problem(3, 3.0) is None
    assert number_problem(2.46, 2.4545, name="nll") == "nll is 2.46; expected 2.454"
    assert number_problem(float("inf"), 2.4545, name="nll") == "nll is inf; expected 2.454"
    assert number_problem("2.45", 2.45) == "your answer should be a number, but it is a str"
    assert number_problem(torch.ones(26), 1.0) == "your answer should be one number, but it is a tensor of 26 numbers"
    assert number_problem(2.46, 2.4545, name="nll", reveal=False) == "nll is 2.46, which is not right yet"


def test_messages_stay_readable_for_infinity_integers_and_dicts():
    message = tensor_problem(torch.tensor([float("inf"), 1.0]), torch.tensor([100.0, 1.0]))
    assert "largest difference is inf at index (0,): expected 100, got inf" in message
    assert tensor_problem(torch.tensor([32033]), torch.tensor([32000])).endswith("expected 32,000, got 32,033")
    assert function_problem(lambda d: None, [(({"a": 1, "b": 2},), 3)]).startswith("your function(a dict of 2 entries)")


def test_function_problem_compares_floats_within_rounding():
    assert function_problem(lambda x: x / 3, [((1.0,), 1 / 3 + 1e-9)]) is None
    assert function_problem(lambda x: x / 3, [((1.0,), 0.3)], name="third") == "third(1.0) is 0.3333; expected 0.3"


def test_call_problem_reports_what_the_learners_function_did_wrong():
    from helpers.exercises import BLANK_RETURNED, call_problem

    assert call_problem(lambda g: g + 1, (1,), name="f") == (2, None)
    assert call_problem(3, (1,), name="f") == (None, "f should be a function, but it is a int")
    raised = "f(g) raised ZeroDivisionError: division by zero"
    assert call_problem(lambda g: 1 / 0, (1,), name="f", shown="g") == (None, raised)
    assert call_problem(lambda g: BLANK, (1,), name="f") == (None, BLANK_RETURNED)


# --- the kit's edges: a wrong answer is never called correct, a right one never wrong -------------------------


def test_a_blank_in_any_of_several_answers_is_not_attempted_not_wrong():
    """01 exercise 2 asks for two numbers: one filled and one still blank is work in progress, not a mistake."""
    q = Exercise("two", checker=lambda a, b: None if (a, b) == (1, 2) else "wrong", hints=[], solution_code="",
                 why="")
    for answers in ((1, BLANK), (BLANK, 2), (BLANK, BLANK), (1, [2, BLANK])):
        assert q.check(*answers).status == NOT_ATTEMPTED, answers
    assert q.check(1, 3).status == INCORRECT and q.check(1, 2).status == CORRECT


@pytest.mark.parametrize(
    ("got", "passes"),
    [
        ([0.25, 0.75], True),
        ([0.25 + 1e-6, 0.75 - 1e-6], True),  # float32 rounding
        ([0.2501, 0.7499], False),  # just outside: a learner's rounded answer is not the tensor asked for
        ([0.2505, 0.7495], False),
    ],
)
def test_tensor_problem_tolerance_on_both_sides(got, passes):
    assert (tensor_problem(torch.tensor(got), torch.tensor([0.25, 0.75])) is None) == passes


@pytest.mark.parametrize(
    ("got", "expected", "passes"),
    [
        (2.4545, 2.4545, True),
        (2.4545 * (1 + 5e-6), 2.4545, True),
        (2.4545 * (1 + 5e-5), 2.4545, False),
        (float("nan"), 2.4545, False),  # NaN is never an answer to a finite question
        (float("nan"), float("nan"), True),
        (float("inf"), 2.4545, False),
        (float("-inf"), float("inf"), False),
        (-3.2958, 3.2958, False),  # the sign matters
        (0.0, 0.0, True),
        (1e-12, 0.0, True),  # zero, to rounding
        (1e-6, 0.0, False),
    ],
)
def test_number_problem_tolerance_nan_infinity_and_sign(got, expected, passes):
    from helpers.exercises import number_problem

    assert (number_problem(got, expected) is None) == passes


def test_a_bool_is_not_a_number_and_none_can_be_expected():
    from helpers.exercises import number_problem, result_problem

    assert number_problem(True, 1.0) == "your answer should be a number, but it is a bool"
    assert result_problem(None, None, name="f()") is None
    assert result_problem(3, None, name="f()") == "f() returned 3; expected None"
    assert result_problem(True, 1, name="f()") is None  # == as Python has it: an int answer compared with ==


def test_a_nan_in_a_tensor_fails_unless_expected_there():
    expected = torch.tensor([0.5, 0.5])
    message = tensor_problem(torch.tensor([0.5, float("nan")]), expected)
    assert message is not None and "at index (1,): expected 0.5, got nan" in message
    assert tensor_problem(torch.tensor([True, False]), torch.tensor([1, 0])) == (
        "your answer has dtype torch.bool; expected torch.int64")
