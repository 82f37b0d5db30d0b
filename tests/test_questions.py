"""Every exercise of every notebook: the blank is not attempted, the reference solution passes its check, a
typical wrong answer fails with the intended message, and the notebook asks and checks it as defined."""

import importlib
import multiprocessing
import os
import pkgutil
from pathlib import Path

import nbformat
import pytest
import torch

import helpers.questions
from helpers.data import names_path
from helpers.exercises import BLANK, CORRECT, INCORRECT, NOT_ATTEMPTED
from helpers.questions import STOI, broadcasting, counting, mlp
from helpers.vocab import encode

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    importlib.import_module(f"helpers.questions.{m.name}") for m in pkgutil.iter_modules(helpers.questions.__path__)
]
CASES = [
    pytest.param(module, exercise, id=f"{module.NOTEBOOK}: {exercise.title}")
    for module in MODULES
    for exercise in module.EXERCISES
]


@pytest.fixture(scope="module")
def contexts():
    try:
        names_path()
    except OSError as err:
        pytest.skip(f"names.txt not available here: {err}")
    built = {}
    for module in MODULES:
        namespace = {}
        exec(module.SETUP, namespace)  # noqa: S102 (the course's own set-up code)
        built[module.NOTEBOOK] = namespace
    return built


def context(contexts, module, exercise):
    """Return a copy of the notebook's state at this exercise: its module's SETUP, then its SETUP_AT, if any."""
    namespace = dict(contexts[module.NOTEBOOK])
    exec(getattr(module, "SETUP_AT", {}).get(name_of(module, exercise), ""), namespace)  # noqa: S102
    return namespace


def answers(exercise, namespace):
    return eval(f"({exercise.check_args},)", namespace)  # noqa: S307 (the course's own argument list)


def name_of(module, exercise):
    return next(name for name, value in vars(module).items() if value is exercise)


@pytest.mark.parametrize(("module", "exercise"), CASES)
def test_reference_solution_passes_and_a_typical_wrong_answer_fails(contexts, module, exercise):
    solved = context(contexts, module, exercise)
    exec(exercise.solution_code, solved)  # noqa: S102
    outcome = exercise.check(*answers(exercise, solved))
    assert outcome.status == CORRECT, outcome

    wrong = context(contexts, module, exercise)
    exec(exercise.wrong_code, wrong)  # noqa: S102
    outcome = exercise.check(*answers(exercise, wrong))
    assert outcome.status == INCORRECT and exercise.wrong_message in outcome.message, outcome


@pytest.mark.parametrize(("module", "exercise"), CASES)
def test_the_blank_is_not_attempted(contexts, module, exercise):
    blank = context(contexts, module, exercise)
    for name in exercise.check_args.split(", "):
        blank.setdefault(name, BLANK)  # the learner's answers: what the notebook does not define before the exercise
    assert exercise.check(*answers(exercise, blank)).status == NOT_ATTEMPTED


@pytest.mark.parametrize(("module", "exercise"), CASES)
def test_the_notebook_asks_with_a_blank_and_checks_as_defined(module, exercise):
    """The learner's cell is marked with the exercise's name and holds the blank; the next cell checks it."""
    cells = nbformat.read(ROOT / "notebooks" / f"{module.NOTEBOOK}.ipynb", as_version=4).cells
    name = name_of(module, exercise)
    marked = [i for i, c in enumerate(cells) if c.metadata.get("exercise") == name]
    assert len(marked) == 1, f"{module.NOTEBOOK}: one cell should carry the metadata exercise={name!r}"
    assert "____" in cells[marked[0]].source
    assert cells[marked[0] + 1].source.strip() == f"{name}.check({exercise.check_args})"
    assert [o.data["text/plain"] for o in cells[marked[0] + 1].outputs] == [repr(exercise.check(BLANK))]


def test_every_exercise_has_hints_and_a_solution():
    for module in MODULES:
        for exercise in module.EXERCISES:
            assert len(exercise.hints) >= 2 and exercise.solution_code and exercise.why, exercise.title


def test_a_fit_over_the_time_budget_is_told_so_before_its_loss_is_measured():
    X, Y = torch.zeros((4, 5), dtype=torch.long), torch.zeros(4, dtype=torch.long)
    message = mlp._time_budget(lambda Xtr, Ytr, generator: lambda X: torch.zeros((len(X), 27)), X, Y, X, Y,
                               lecture_steps=0)
    assert "over the budget of 0.0 s (a third of the 0.0 s the lecture's 0 steps take" in message


def _busy():
    while True:
        pass


def fit_taking(lecture_steps):
    """Return a `fit` that computes for as long as `lecture_steps` steps of the lecture's recipe, then predicts."""

    def fit(Xtr, Ytr, generator):
        mlp.lecture_step_seconds(steps=lecture_steps)
        return lambda X: torch.zeros((len(X), 27))

    return fit


def test_the_time_budget_judges_the_code_not_the_load_on_the_machine():
    """With both cores busy with another program, a fit within half its budget passes the time check, and one
    twice over its budget fails it: the check counts computing time and times the lecture's steps around fit."""
    X, Y = torch.zeros((64, 5), dtype=torch.long), torch.zeros(64, dtype=torch.long)
    budget_steps = 400  # a third of 1,200 lecture steps
    load = [multiprocessing.get_context("spawn").Process(target=_busy, daemon=True) for _ in range(os.cpu_count())]
    for process in load:
        process.start()
    try:
        within = mlp._time_budget(fit_taking(budget_steps // 2), X, Y, X, Y, lecture_steps=3 * budget_steps)
        over = mlp._time_budget(fit_taking(2 * budget_steps), X, Y, X, Y, lecture_steps=3 * budget_steps)
    finally:
        for process in load:
            process.kill()
    assert "over the budget" not in within and within.startswith("the dev loss is 3.2958"), within
    assert "over the budget" in over, over


def count_into(dtype):
    """Return a count_pairs for 02's exercise 4 that counts in `dtype`."""

    def count_pairs(ids):
        N = torch.zeros((27, 27), dtype=dtype)
        return N.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1, dtype=dtype), accumulate=True)

    return count_pairs


@pytest.mark.parametrize("dtype", [torch.int16, torch.int32, torch.int64])
def test_a_counter_of_any_integer_type_that_holds_the_counts_is_correct(dtype):
    assert broadcasting.counter_overflow.check(count_into(dtype)).status == CORRECT


@pytest.mark.parametrize(
    ("dtype", "message"),
    [
        (torch.uint8, "count_pairs(tensor of shape (601,)) differs from the expected values in 2 of 729 entries; the "
         "largest difference is 256 at index (0, 1) ('.a'): expected 300, got 44; a torch.uint8 holds counts up to "
         "255 only"),
        (torch.int8, "expected 300, got 44; a torch.int8 holds counts up to 127 only"),
        (torch.float32, "count_pairs returns torch.float32 counts: a torch.float32 adds 1 exactly only up to "
         "16,777,216, beyond which the counts silently stop growing. Count in an integer type"),
    ],
)
def test_a_counter_too_narrow_fails_on_the_input_that_overflows_and_a_float_one_is_told_why(dtype, message):
    outcome = broadcasting.counter_overflow.check(count_into(dtype))
    assert outcome.status == INCORRECT and outcome.message.endswith(message), outcome


def test_integer_division_is_reported_by_its_values_and_float64_by_its_dtype():
    outcome = broadcasting.integer_counts.check(lambda counts: counts // counts.sum(1, keepdim=True))
    assert outcome.message.endswith("in 5 of 9 entries; the largest difference is 0.75 at index (0, 1): expected "
                                    "0.75, got 0"), outcome
    assert broadcasting.integer_counts.check(lambda counts: counts / counts.sum(1, keepdim=True)).status == CORRECT
    outcome = broadcasting.integer_counts.check(lambda counts: counts.double() / counts.sum(1, keepdim=True))
    assert outcome.message == "probabilities(tensor of shape (3, 3)) has dtype torch.float64; expected torch.float32"


def test_a_count_table_indexed_by_characters_names_them():
    outcome = counting.last_letters.check(torch.zeros(27, dtype=torch.long), ["ann", "ben", "jon"], STOI)
    assert outcome.message.endswith("the largest difference is 3 at index (14,) ('n'): expected 3, got 0"), outcome
    outcome = counting.counts_without_bincount.check(lambda words, stoi: torch.zeros((27, 27), dtype=torch.long), STOI)
    assert outcome.message == "count_pairs(['emma'], stoi) differs from the expected values in 5 of " \
        "729 entries; the largest difference is 1 at index (0, 5) ('.e'): expected 1, got 0"


def test_counting_without_bincount_has_a_reference_solution_without_a_python_loop():
    """The exercise forbids a Python loop over the characters or the bigrams: its own solution has none."""
    assert " for " not in counting.counts_without_bincount.solution_code


def pairs_by_bincount(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)  # (T,)
    return torch.bincount(ids[:-1] * 27 + ids[1:], minlength=27 * 27).view(27, 27)


def pairs_by_index_put(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)  # (T,) no bincount here, only a comment that names it
    N = torch.zeros((27, 27), dtype=torch.long)
    return N.index_put_((ids[:-1], ids[1:]), torch.ones_like(ids[1:]), accumulate=True)


def test_counting_with_bincount_is_refused_but_a_comment_that_names_it_is_not():
    outcome = counting.counts_without_bincount.check(pairs_by_bincount, STOI)
    assert outcome.status == INCORRECT and outcome.message.startswith("count_pairs uses torch.bincount"), outcome
    assert counting.counts_without_bincount.check(pairs_by_index_put, STOI).status == CORRECT
