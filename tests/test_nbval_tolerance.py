"""Tests for course_tools.nbval_tolerance: nbval, run on small notebooks, compares numbers within tolerance."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course_tools.nbval_tolerance import CELL_TIMEOUT

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def notebook(path, *cells):
    """Write a notebook of (source, stored stdout, metadata) cells, as if executed, and return its path."""
    nb = new_notebook(metadata=KERNEL)
    for n, (source, stored, metadata) in enumerate(cells, start=1):
        outputs = [new_output("stream", name="stdout", text=stored)] if stored else []
        nb.cells.append(new_code_cell(source, execution_count=n, outputs=outputs, metadata=metadata))
    nbformat.write(nb, path)
    return path


def run_nbval(pytester, path):
    return pytester.runpytest_subprocess(
        "-p", "course_tools.nbval_tolerance", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider", str(path)
    )


DECLARED = {"tolerance": {"rel": 0.01, "reason": "a badly initialised network amplifies rounding"}}


def test_nbval_passes_numbers_within_tolerance_and_fails_the_rest(pytester):
    path = notebook(
        pytester.path / "lesson.ipynb",
        ("print('loss 2.4547 after 1,000 steps')", "loss 2.4546 after 1,000 steps\n", {}),  # 0: within default
        ("print('loss 2.4612')", "loss 2.4546\n", {}),  # 1: outside the default
        ("print('loss 2.4612')", "loss 2.4546\n", DECLARED),  # 2: within the declared tolerance
        ("print('loss 2.4612')", "loss 2.5546\n", DECLARED),  # 3: outside even the declared one
        ("print('16 of 20 are new')", "15 of 20 are new\n", DECLARED),  # 4: an integer
        ("print('dev loss 2.4546')", "val loss 2.4546\n", DECLARED),  # 5: a word
        ("print('a 1.0')", "a 1.0\nb 2.0\n", {}),  # 6: a missing line
        ("print('a 1.0'); print('b 2.0')", "a 1.0\n", {}),  # 7: an extra line
        ("x = 2.4547", None, {}),  # 8: no output, none stored
    )
    result = run_nbval(pytester, path)
    result.assert_outcomes(passed=3, failed=6)
    out = result.stdout.str()
    failed = {line.split("::Cell ")[1].split()[0] for line in out.splitlines() if line.startswith("FAILED")}
    assert failed == {"1", "3", "4", "5", "6", "7"}
    assert "line 1: 2.4546 stored, 2.4612 now: they differ by 0.0066, more than the 0.00035 allowed " in out
    assert "(the default tolerance: relative 0.0001, absolute 0" in out
    assert "2.5546 stored, 2.4612 now: they differ by 0.093, more than the 0.026 allowed " in out
    assert "(declared in the cell: a badly initialised network amplifies rounding: relative 0.01" in out
    assert "16 stored, 15 now" not in out and "15 stored, 16 now: integers must match exactly" in out
    assert "the text differs: 'val loss ' stored, 'dev loss ' now" in out
    assert "line 2 is missing" in out and "line 2 is extra" in out


def test_a_malformed_declaration_fails_the_notebook_with_the_fix(pytester):
    path = notebook(pytester.path / "lesson.ipynb", ("print(1.5)", "1.5\n", {"tolerance": {"rel": 0.01}}))
    result = run_nbval(pytester, path)
    assert result.ret != 0
    assert 'no one-line reason: declare it as "tolerance": {"rel": 0.001' in result.stdout.str()


def test_every_cell_has_a_time_limit_and_so_has_every_other_test(pytester, request):
    path = notebook(pytester.path / "lesson.ipynb", ("print(1)", "1\n", {}))
    items, _ = pytester.inline_genitems("-p", "course_tools.nbval_tolerance", "--nbval", "--nbval-current-env", path)
    assert [item.get_closest_marker("timeout").args for item in items] == [(CELL_TIMEOUT,)]
    assert 0 < float(request.config.getini("timeout")) < CELL_TIMEOUT  # pyproject.toml: a unit test's limit
