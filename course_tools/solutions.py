"""`make solutions`: the answer key for teachers. Executed copies of the notebooks with every exercise solved.

Not used inside the lessons. Each learner cell carries `"exercise": "<name>"` in its metadata; its source is
replaced by that exercise's reference solution (`helpers.questions.<topic>.<name>.solution_code`), the copy is
executed top to bottom in `solutions/` (git-ignored, beside `notebooks/` so that relative paths still work),
and every check cell must then report "correct". Exit status 1 names any that does not.

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

import helpers.questions
from helpers.exercises import CORRECT

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "solutions"


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
    marked = [cell for cell in nb.cells if "exercise" in cell.metadata]
    for cell in marked:
        name = cell.metadata["exercise"]
        if name not in exercises:
            raise KeyError(f"a cell asks for exercise {name!r}, which helpers.questions does not define")
        cell.source = exercises[name].solution_code
    missing = set(exercises) - {cell.metadata["exercise"] for cell in marked}
    if missing:
        raise KeyError(f"exercises defined but not asked in the notebook: {sorted(missing)}")
    return nb


def verdicts(nb: nbformat.NotebookNode, exercises: dict[str, object]) -> dict[str, str]:
    """Return {exercise name: the text its check cell printed} for an executed notebook."""
    found = {}
    for i, cell in enumerate(nb.cells):
        if "exercise" in cell.metadata:
            check = nb.cells[i + 1]
            found[cell.metadata["exercise"]] = "".join(o.get("data", {}).get("text/plain", "") for o in check.outputs)
    return found


def solve(path: Path) -> dict[str, str]:
    """Write the answer key of the notebook at `path` into solutions/; return what each of its checks printed."""
    exercises = exercises_by_notebook()[path.stem]
    nb = solved(nbformat.read(path, as_version=4), exercises)
    NotebookClient(nb, timeout=900, record_timing=False, resources={"metadata": {"path": str(OUT)}}).execute()
    nbformat.write(nb, OUT / path.name)
    return verdicts(nb, exercises)


def main(paths: list[str]) -> int:
    """Solve and execute the notebooks, as many at a time as there are cores (each kernel uses one)."""
    by_notebook = exercises_by_notebook()
    paths = paths or [str(ROOT / "notebooks" / f"{stem}.ipynb") for stem in sorted(by_notebook)]
    chosen = [path for path in map(Path, paths) if path.stem in by_notebook]  # others have no exercises yet
    OUT.mkdir(exist_ok=True)
    failures = []
    with ProcessPoolExecutor(max_workers=min(len(chosen), os.cpu_count() or 1) or 1) as pool:
        for path, results in zip(chosen, pool.map(solve, chosen), strict=True):
            wrong = {name: text for name, text in results.items() if f": {CORRECT}" not in text}
            failures += [f"{path.stem}: {name}: {text}" for name, text in wrong.items()]
            sys.stdout.write(f"{OUT.name}/{path.name}: {len(results) - len(wrong)} of {len(results)} exercises "
                             "correct\n")
    if failures:
        sys.stderr.write("not correct with the reference solution:\n" + "\n".join(failures) + "\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
