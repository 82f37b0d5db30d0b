"""`make solutions`: the answer key for teachers. Executed copies of the notebooks with every exercise solved.

Not used inside the lessons. Each learner cell carries `"exercise": "<name>"` in its metadata; its source is
replaced by that exercise's reference solution (`helpers.questions.<topic>.<name>.solution_code`). At the end of
the notebook, under a heading, every exercise is solved again, in order: a copy of its solution cell and of its
check cell (the cell right after it), so that both run after every other cell, as after Run All. The copy is
executed top to bottom, once, in `solutions/` (git-ignored, beside `notebooks/` so that relative paths still
work), and every check must report "correct" both times: no exercise may depend on a global that a later cell
rebinds. Exit status 1 names any exercise that does not, and says when it failed after Run All.

    python -m course_tools.solutions [NOTEBOOK ...]   (notebooks without exercises are skipped)
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell

import helpers.questions
from helpers.exercises import CORRECT

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "solutions"
EXERCISE = "exercise"  # cell metadata: the learner cell of that exercise
AGAIN = "exercise_after_run_all"  # cell metadata: the copy of that exercise's solution cell, at the end
RAISES = "raises-exception"  # a cell tag: nbclient records the cell's exception and runs on
HEADING = """## After Run All: every exercise solved again

Each exercise's reference solution and check once more, now that every cell above has run, as after Run All:
an exercise must not depend on a global that a later cell rebinds."""


def exercises_by_notebook() -> dict[str, dict[str, object]]:
    """Return {notebook stem: {exercise name: Exercise}} from the modules of helpers.questions."""
    found: dict[str, dict[str, object]] = {}
    for info in pkgutil.iter_modules(helpers.questions.__path__):
        module = importlib.import_module(f"helpers.questions.{info.name}")
        names = {name: value for name, value in vars(module).items() if any(value is e for e in module.EXERCISES)}
        found[module.NOTEBOOK] = names
    return found


def solved(nb: nbformat.NotebookNode, exercises: dict[str, object]) -> nbformat.NotebookNode:
    """Return a copy of `nb` in which every learner cell holds its exercise's reference solution."""
    nb = nbformat.from_dict(nb)
    marked = [cell for cell in nb.cells if EXERCISE in cell.metadata]
    for cell in marked:
        name = cell.metadata[EXERCISE]
        if name not in exercises:
            raise KeyError(f"a cell asks for exercise {name!r}, which helpers.questions does not define")
        cell.source = exercises[name].solution_code
    missing = set(exercises) - {cell.metadata[EXERCISE] for cell in marked}
    if missing:
        raise KeyError(f"exercises defined but not asked in the notebook: {sorted(missing)}")
    return nb


def solved_again_at_end(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of `nb` ending with HEADING and, for each exercise in order, its solution and check cells.

    The copies are tagged RAISES, so that one that raises is recorded as that exercise's failure and the rest
    still run; the copy of a solution cell names its exercise under AGAIN.
    """
    nb = nbformat.from_dict(nb)
    again = [new_markdown_cell(HEADING)]
    for i, cell in enumerate(nb.cells):
        if EXERCISE in cell.metadata:
            again += [new_code_cell(cell.source, metadata={AGAIN: cell.metadata[EXERCISE], "tags": [RAISES]}),
                      new_code_cell(nb.cells[i + 1].source, metadata={"tags": [RAISES]})]
    nb.cells += again
    return nb


def execute(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Return `nb` executed top to bottom, in place, in a fresh kernel started in `folder`."""
    NotebookClient(nb, timeout=900, record_timing=False, resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def printed(cell: nbformat.NotebookNode) -> str:
    """Return what an executed code cell shows: its printed text and results, and `Name: message` if it raised."""
    texts = []
    for output in cell.outputs:
        if output.output_type == "error":
            texts.append(f"{output.ename}: {output.evalue}")
        else:
            texts.append(output.get("text", "") + output.get("data", {}).get("text/plain", ""))
    return "".join(texts)


def verdict(solution: nbformat.NotebookNode, check: nbformat.NotebookNode) -> str:
    """Return what an exercise's check printed, or, if its solution cell raised, that exception."""
    errors = [output for output in solution.outputs if output.output_type == "error"]
    return f"the solution raised {printed(solution)}" if errors else printed(check)


def verdicts(nb: nbformat.NotebookNode, key: str = EXERCISE) -> dict[str, str]:
    """Return {exercise name: its verdict} for an executed notebook, from the solution cells marked `key`:
    EXERCISE for the learner cells in place, AGAIN for their copies at the end."""
    cells = nb.cells
    return {cell.metadata[key]: verdict(cell, cells[i + 1]) for i, cell in enumerate(cells) if key in cell.metadata}


def is_correct(text: str) -> bool:
    """Return True if a verdict says "correct" (an Outcome shows as `<title>: correct`)."""
    return f": {CORRECT}" in text


def failures(in_place: dict[str, str], after_run_all: dict[str, str]) -> list[str]:
    """Return one line per verdict that is not correct: the exercise, when it failed, and the verdict."""
    return ([f"{name}: {text}" for name, text in in_place.items() if not is_correct(text)]
            + [f"{name}: failed after Run All: {text}" for name, text in after_run_all.items() if not is_correct(text)])


def solve(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Write the answer key of the notebook at `path` into solutions/; return its verdicts (in place, after Run All)."""
    nb = solved_again_at_end(solved(nbformat.read(path, as_version=4), exercises_by_notebook()[path.stem]))
    nbformat.write(execute(nb, OUT), OUT / path.name)
    return verdicts(nb), verdicts(nb, AGAIN)


def main(paths: list[str]) -> int:
    """Solve and execute the notebooks, as many at a time as there are cores (each kernel uses one)."""
    by_notebook = exercises_by_notebook()
    paths = paths or [str(ROOT / "notebooks" / f"{stem}.ipynb") for stem in sorted(by_notebook)]
    chosen = [path for path in map(Path, paths) if path.stem in by_notebook]  # others have no exercises yet
    OUT.mkdir(exist_ok=True)
    wrong = []
    with ProcessPoolExecutor(max_workers=min(len(chosen), os.cpu_count() or 1) or 1) as pool:
        for path, (in_place, after_run_all) in zip(chosen, pool.map(solve, chosen), strict=True):
            wrong += [f"{path.stem}: {line}" for line in failures(in_place, after_run_all)]
            sys.stdout.write(f"{OUT.name}/{path.name}: {sum(map(is_correct, in_place.values()))} of {len(in_place)} "
                             f"exercises correct, {sum(map(is_correct, after_run_all.values()))} again after Run All\n")
    if wrong:
        sys.stderr.write("not correct with the reference solution:\n" + "\n".join(wrong) + "\n")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
