"""Tests for course_tools.notebooks: executed notebooks are stored byte-identically, without varying outputs."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_tools.notebooks import (
    ROOT,
    SANITIZE_FILE,
    execute_notebook,
    input_fingerprints,
    main,
    output_varies,
    sanitize,
    sanitize_rules,
)
from course_tools.results import README_END, README_START
from helpers.report import parse_results_table


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


def test_a_stored_traceback_names_files_relative_to_the_checkout(tmp_path):
    path = lesson(tmp_path, "from helpers.vocab import encode\nencode('a', {})")
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].metadata["tags"] = ["raises-exception"]
    nbformat.write(nb, path)
    traceback = "".join(execute_notebook(path).cells[0].outputs[0]["traceback"])
    assert "helpers/vocab.py" in traceback and str(ROOT) not in traceback


def test_main_usage_errors(capsys):
    assert main([]) == 2
    assert main(["notebooks/01_counting.ipynb"]) == 2
    assert "usage" in capsys.readouterr().err


def test_sanitize_rules_are_read_as_nbval_reads_them(tmp_path):
    cfg = tmp_path / "sanitize.cfg"
    cfg.write_text("[kept]\nregex: a+\nreplace: A\n\n[dropped by nbval: no value]\nregex: b\nreplace:\n")
    assert sanitize_rules(cfg) == [("a+", "A")]
    assert sanitize({"text": ["caab", 3], "n": None}, sanitize_rules(cfg)) == {"text": ["cAb", 3], "n": None}


def test_the_course_sanitize_file_masks_measured_seconds_and_nothing_else():
    rules = sanitize_rules(SANITIZE_FILE)
    assert rules and all(replacement for _, replacement in rules)  # an empty replacement means a dropped rule
    table = "| figure | this notebook | lecture |\n|---|---|---|\n| dev loss | 2.0552 | 2.1700 |\n"
    fast = sanitize(table + "| training seconds (lecture: timed here) | 14.2 | 77.0 |", rules)
    slow = sanitize(table + "| training seconds (lecture: timed here) | 19.8 | 91.3 |", rules)
    assert fast == slow and fast.startswith(table)  # the other rows are compared as they are
    assert sanitize(table, rules) == table
    assert sanitize("<Figure size 800x350 with 1 Axes> at 0x7f3a2b1c0d90", rules) == "<Figure with 1 Axes> at 0xADDRESS"


def test_make_outputs_keeps_a_stored_output_that_differs_only_in_measured_seconds(tmp_path):
    cell = (
        "import time\nfrom IPython.display import Markdown\nfrom helpers.report import results_table\n"
        "Markdown(results_table([('loss', LOSS, None), ('training seconds', f'{time.perf_counter():.6f}', None)]))"
    )
    path = lesson(tmp_path, cell.replace("LOSS", "2.5"))
    readme = tmp_path / "README.md"
    readme.write_text(f"{README_START}\n{README_END}\n")

    def stored_table():
        return parse_results_table(nbformat.read(path, as_version=4).cells[0].outputs[0].data["text/markdown"])

    assert main([str(readme), str(path)]) == 0
    first = path.read_bytes()
    assert main([str(readme), str(path)]) == 0
    assert path.read_bytes() == first  # a new time alone does not rewrite the notebook

    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source = cell.replace("LOSS", "2.25")
    nbformat.write(nb, path)
    before = stored_table()
    assert main([str(readme), str(path)]) == 0
    after = stored_table()  # a real change stores the whole new output, its new time included
    assert after["loss"] == ("2.2500", "–") and after["training seconds"] != before["training seconds"]


def stored_outputs(path):
    return [cell.outputs for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def test_make_outputs_keeps_what_matches_within_tolerance_and_refreshes_what_changed(tmp_path):
    jitter = "import random\nprint(f'loss {2.4546 + random.uniform(-2e-5, 2e-5):.6f}')"  # another CPU, as it were
    path = lesson(tmp_path, jitter, jitter.replace("2e-5", "0.5"), "print('fixed')", TABLE_CELL)
    readme = tmp_path / "README.md"
    readme.write_text(f"{README_START}\n{README_END}\n")
    assert main([str(readme), str(path)]) == 0
    first = stored_outputs(path)
    assert main([str(readme), str(path)]) == 0
    second = stored_outputs(path)
    assert second[0] == first[0]  # within the default tolerance: the stored bytes stay
    assert second[1] != first[1]  # 0.5 apart: a real difference is stored

    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += "\nprint('more')"  # an edited cell: it and every later cell get their new outputs
    nbformat.write(nb, path)
    assert main([str(readme), str(path)]) == 0
    third = stored_outputs(path)
    assert third[0] != first[0] and third[0][0]["text"].endswith("more\n") and third[2] == first[2]


def test_input_fingerprints_follow_each_cell_and_everything_before_it():
    nb = new_notebook(cells=[new_code_cell("a = 1"), new_markdown_cell("text"), new_code_cell("b = 2")])
    first = input_fingerprints(nb)
    assert len(first) == 2 and first[0] != first[1]
    nb.cells[1].source = "other text"
    assert input_fingerprints(nb) == first  # prose does not change outputs
    nb.cells[2].source = "b = 3"
    assert input_fingerprints(nb)[0] == first[0] and input_fingerprints(nb)[1] != first[1]
    nb.cells[0].source = "a = 2"
    assert all(new != old for new, old in zip(input_fingerprints(nb), first, strict=True))
