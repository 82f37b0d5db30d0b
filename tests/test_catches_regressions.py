"""make test still catches a small real change in a lesson: the tolerance does not hide a broken notebook.

Each case copies a notebook, makes one small change a careless edit could make, and runs nbval on the copy as
`make test` does, stopping at the first failure: the changed cell must be the first to fail, with the numbers
that moved. About two minutes: each notebook runs only up to its changed cell.
"""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.data import names_path

ROOT = Path(__file__).resolve().parents[1]
CHANGES = [
    pytest.param(
        "05_mlp_embeddings",
        "model_history = train(model, Xtr5, Ytr5, steps=steps, batch_size=batch_size, lr=lr,",
        "model_history = train(model, Xtr5, Ytr5, steps=steps, batch_size=batch_size, lr=0.14,",
        id="05: the main run's learning rate 0.15 -> 0.14",
    ),
    pytest.param(
        "06_batchnorm",
        "train(list(params.values()), forward, Xtr, Ytr, steps=7_500, batch_size=32, lr=0.1, generator=g,",
        "train(list(params.values()), forward, Xtr, Ytr, steps=7_500, batch_size=32, lr=0.093, generator=g,",
        id="06: the loss log's learning rate 0.1 -> 0.093",
    ),
]


@pytest.mark.timeout(600)
@pytest.mark.parametrize(("notebook", "before", "after"), CHANGES)
def test_a_small_change_to_a_lesson_fails_make_test_at_the_changed_cell(tmp_path, notebook, before, after):
    try:
        names = names_path()
    except OSError as err:
        pytest.skip(f"names.txt not available here: {err}")
    nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    changed = [i for i, cell in enumerate(code) if before in cell.source]
    assert len(changed) == 1, f"{notebook}: the line to change is no longer in one cell; update this test"
    code[changed[0]].source = code[changed[0]].source.replace(before, after)
    path = tmp_path / f"{notebook}.ipynb"
    nbformat.write(nb, path)

    command = [sys.executable, "-m", "pytest", "-p", "course_tools.nbval_tolerance", "-p", "no:cacheprovider"]
    command += ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg")]
    command += ["-x", "-rf", str(path)]
    run = subprocess.run(command, cwd=tmp_path, env={**os.environ, "MAKEMORE_NAMES": str(names)},
                         capture_output=True, text=True, timeout=580)
    failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
    assert run.returncode == 1 and len(failed) == 1, run.stdout[-3000:]
    assert f"::Cell {changed[0]} " in failed[0], run.stdout[-3000:]  # every earlier cell passed
    assert "What differs:" in run.stdout and "stored" in run.stdout and "allowed" in run.stdout
