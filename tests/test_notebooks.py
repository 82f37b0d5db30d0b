"""Tests for helpers.notebooks: executed notebooks are stored byte-identically, without varying outputs."""

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.notebooks import (
    README_END,
    README_START,
    main,
    output_varies,
    readme_results,
    stored_results,
    update_readme,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("source", "tags", "varies"),
    [
        ("# NBVAL_IGNORE_OUTPUT\nprint(t)", [], True),
        ("x = 1\n  #NBVAL_IGNORE_OUTPUT", [], True),
        ("print(t)", ["nbval-ignore-output"], True),
        ("print('NBVAL_IGNORE_OUTPUT')", [], False),
        ("# NBVAL_IGNORE_OUTPUT is explained below", [], False),
        ("print(1)", ["raises-exception"], False),
    ],
)
def test_output_varies(source, tags, varies):
    cell = new_code_cell(source)
    cell.metadata["tags"] = tags
    assert output_varies(cell) is varies


def test_markdown_never_varies():
    assert not output_varies(new_markdown_cell("# NBVAL_IGNORE_OUTPUT"))


def lesson(tmp_path, *cells):
    """Write a notebook of `cells` (source strings; '#md ' starts a markdown cell) and return its path."""
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [new_markdown_cell(c[4:]) if c.startswith("#md ") else new_code_cell(c) for c in cells]
    path = tmp_path / "notebooks" / "01_lesson.ipynb"
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return path


TABLE_CELL = "from IPython.display import Markdown\nfrom helpers.report import results_table\n" + (
    "Markdown(results_table([('loss', 2.5, 2.45), ('steps', 100, None)]))"
)


def test_make_outputs_twice_gives_the_same_bytes(tmp_path):
    path = lesson(
        tmp_path,
        "#md A lesson.",
        "import os, time\nprint(os.path.basename(os.getcwd()))",
        "# NBVAL_IGNORE_OUTPUT\nprint(time.perf_counter())",
        "6 * 7",
        TABLE_CELL,
        "import sys\nfor i in range(3):\n    print(i, flush=True)\n    time.sleep(0.05)\nprint('x\\ry')",
    )
    readme = tmp_path / "README.md"
    readme.write_text(f"# Course\n\n{README_START}\nstale\n{README_END}\n\nMore.\n")

    assert main([str(readme), str(path)]) == 0
    first = path.read_bytes()
    assert main([str(readme), str(path)]) == 0
    assert path.read_bytes() == first

    cells = json.loads(first)["cells"]
    assert cells[1]["outputs"][0]["text"] == ["notebooks\n"]  # the kernel ran in the notebook's folder
    assert cells[2]["outputs"] == [] and cells[2]["execution_count"] == 2  # ran, output not stored
    assert cells[3]["outputs"][0]["data"]["text/plain"] == ["42"]
    assert all("execution" not in c["metadata"] for c in cells)  # no timing metadata
    assert cells[5]["outputs"] == [{"name": "stdout", "output_type": "stream", "text": ["0\n", "1\n", "2\n", "y\n"]}]
    assert readme.read_text() == (
        f"# Course\n\n{README_START}\n\n| notebook | figure | this course | lecture |\n|---|---|---|---|\n"
        f"| 01_lesson | loss | 2.5000 | 2.4500 |\n| 01_lesson | steps | 100 | – |\n\n{README_END}\n\nMore.\n"
    )


def test_stored_results_needs_a_results_table(tmp_path):
    path = lesson(tmp_path, "print(1)")
    with pytest.raises(ValueError, match="has no stored results table"):
        stored_results(path)


def test_update_readme_needs_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n")
    with pytest.raises(ValueError, match="lacks the results markers"):
        update_readme(readme, [])


def test_main_usage_errors(capsys):
    assert main([]) == 2
    assert main(["notebooks/01_counting.ipynb"]) == 2
    assert "usage" in capsys.readouterr().err


def test_readme_results_match_the_stored_notebooks():
    """The README's results section is exactly what `make outputs` would write from the stored notebooks."""
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks found"
    readme = (ROOT / "README.md").read_text()
    assert readme_results(notebooks) in readme, "README results are stale: run `make outputs`"


def test_every_notebook_ends_with_a_results_table():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert len(stored_results(path)) >= 1, path
