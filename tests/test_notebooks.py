"""Tests for helpers.notebooks: executed notebooks are stored byte-identically, without varying outputs."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers.notebooks import main, output_varies
from helpers.results import README_END, README_START


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
    results_json = tmp_path / "bench" / "results.json"
    results_json.parent.mkdir()
    results_json.write_text(json.dumps({"notebooks": {"01_lesson": {"seconds": {"median": 1.0}}, "00_gone": {}}}))

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

    results = json.loads(results_json.read_text())  # figures refreshed, timings kept, a removed notebook dropped
    assert results["notebooks"] == {
        "01_lesson": {"seconds": {"median": 1.0}, "figures": {"loss": ["2.5000", "2.4500"], "steps": ["100", "–"]}}
    }
    section = readme.read_text().split(README_START)[1].split(README_END)[0]
    assert "| 01_lesson | loss | 2.5000 | 2.4500 |" in section and readme.read_text().endswith("More.\n")


def test_main_usage_errors(capsys):
    assert main([]) == 2
    assert main(["notebooks/01_counting.ipynb"]) == 2
    assert "usage" in capsys.readouterr().err
