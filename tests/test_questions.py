"""Every exercise of every notebook: the blank is not attempted, the reference solution passes its check, a
typical wrong answer fails with the intended message, and the notebook asks and checks it as defined."""

import importlib
import pkgutil
from pathlib import Path

import nbformat
import pytest
import torch

import helpers.questions
from helpers.data import names_path
from helpers.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, ____
from helpers.questions import mlp

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
        blank.setdefault(name, ____)  # the learner's answers: what the notebook does not define before the exercise
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
    assert [o.data["text/plain"] for o in cells[marked[0] + 1].outputs] == [repr(exercise.check(____))]


def test_every_exercise_has_hints_and_a_solution():
    for module in MODULES:
        for exercise in module.EXERCISES:
            assert len(exercise.hints) >= 2 and exercise.solution_code and exercise.why, exercise.title


def test_a_fit_over_the_time_budget_is_told_so_before_its_loss_is_measured():
    X, Y = torch.zeros((4, 5), dtype=torch.long), torch.zeros(4, dtype=torch.long)
    outcome = mlp.time_budget.check(lambda Xtr, Ytr, generator: lambda X: torch.zeros((len(X), 27)), X, Y, X, Y, 0.0)
    assert outcome.status == INCORRECT and "over the budget of 0.0 s" in outcome.message, outcome
