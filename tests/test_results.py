"""Tests for course_tools.results: the README's results section is generated from bench/results.json, and both agree
with the notebooks' stored outputs."""

import json
from pathlib import Path

import pytest

from course_tools.results import README_END, README_START, refresh_figures, render, stored_results, update_readme

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESULTS = json.loads((ROOT / "bench" / "results.json").read_text())


def test_every_notebook_ends_with_a_results_table():
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        assert len(stored_results(path)) >= 1, path


def test_results_json_figures_are_the_stored_notebook_outputs():
    figures = {name: entry["figures"] for name, entry in RESULTS["notebooks"].items()}
    expected = {p.stem: {f: list(v) for f, v in stored_results(p).items()} for p in NOTEBOOKS}
    assert figures == expected, "bench/results.json is stale: run `make outputs` (or `make bench`)"


def test_readme_results_section_is_generated_from_results_json():
    readme = (ROOT / "README.md").read_text()
    assert render(RESULTS) in readme, "the README's results section is stale: run `make outputs` (or `make bench`)"


def test_readme_table_agrees_with_the_stored_notebook_outputs():
    """Every figure row of the README's table, read back, is the notebook's stored value, and none is missing."""
    section = (ROOT / "README.md").read_text().split(README_START)[1].split(README_END)[0]
    figures_table = section.split("| notebook | figure | this course | lecture |")[1]
    rows = set()
    for line in figures_table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in {p.stem for p in NOTEBOOKS}:
            rows.add(tuple(cells))
    expected = {(p.stem, f, ours, lecture) for p in NOTEBOOKS for f, (ours, lecture) in stored_results(p).items()}
    assert rows == expected


def test_timings_are_quoted_with_the_machine_as_medians():
    if "machine" not in RESULTS:
        pytest.skip("no benchmark recorded yet: run `make bench`")
    section = render(RESULTS)
    machine = RESULTS["machine"]
    assert f"{machine['cpu']}, {machine['cores']} cores" in section and f"medians of {RESULTS['runs']} runs" in section
    for name, entry in RESULTS["notebooks"].items():
        s = entry["seconds"]
        assert s["min"] <= s["median"] <= s["max"] and len(s["runs"]) == RESULTS["runs"], name
    for recipe in RESULTS["recipes"].values():
        assert recipe["speedup"] == pytest.approx(recipe["lecture_seconds"] / recipe["course_seconds"], rel=0.01)


def test_render_without_timings_says_how_to_get_them():
    section = render({"notebooks": {"01_x": {"figures": {"loss": ["2.5000", "–"]}}}})
    assert "not measured yet; run `make bench`" in section and "| 01_x | loss | 2.5000 | – |" in section


def test_render_with_timings_and_speedups():
    results = {
        "measured": "2026-01-01",
        "runs": 3,
        "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11.7", "torch": "2.13.0"},
        "notebooks": {
            "01_x": {"figures": {}, "seconds": {"median": 2.0, "min": 1.5, "max": 3.0, "runs": []}},
            "02_y": {"figures": {}, "seconds": {"median": 4.5, "min": 4.0, "max": 5.0, "runs": []}},
        },
        "recipes": {
            "mlp": {
                "model": "MLP",
                "target": 2.18,
                "lecture_seconds": 60.0,
                "course_seconds": 4.0,
                "speedup": 15.0,
                "course": {"final_dev": 2.05},
            }
        },
    }
    results["dataset"] = {
        "1": {"examples": 228146, "median_ms": 14.2, "max_ms": 20.0},
        "8": {"examples": 228146, "median_ms": 31.6, "max_ms": 40.0},
    }
    section = render(results)
    assert "Test CPU, 2 cores" in section and "medians of 3 runs" in section
    assert "into 228,146 (context, next character) pairs, median time by context length: 1: 14 ms · 8: 32 ms" in section
    assert "| 01_x | 2.0 s | 1.5 s | 3.0 s |" in section and "| **whole course** | **6.5 s** | | |" in section
    assert "| MLP | 2.1800 | 60.0 | 4.0 | 15.0 | 2.0500 |" in section


def test_refresh_keeps_timings_and_drops_removed_notebooks():
    old = {"notebooks": {"01_counting": {"seconds": {"median": 9.0}}, "99_gone": {"figures": {}}}, "runs": 3}
    fresh = refresh_figures(old, [ROOT / "notebooks" / "01_counting.ipynb"])
    assert list(fresh["notebooks"]) == ["01_counting"] and fresh["runs"] == 3
    assert fresh["notebooks"]["01_counting"]["seconds"] == {"median": 9.0}
    assert fresh["notebooks"]["01_counting"]["figures"]["names"] == ["32,033", "32,033"]


def test_update_readme_needs_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Course\n")
    with pytest.raises(ValueError, match="lacks the results markers"):
        update_readme(readme, {"notebooks": {}})


def test_stored_results_needs_a_results_table(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = tmp_path / "x.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("print(1)")]), path)
    with pytest.raises(ValueError, match="has no stored results table"):
        stored_results(path)


def test_render_sets_a_like_for_like_row_beside_each_speedup():
    """The lecture's own network with the course's recipe, from its notebook's figures: reached or not."""
    recipe = {"model": "MLP, different networks", "target": 2.18, "lecture_seconds": 60.0, "course_seconds": 4.0,
              "speedup": 15.0, "course": {"final_dev": 2.05}}
    figures = {"lecture's network: dev loss (each on its own split)": ["2.2075", "2.1701"],
               "lecture's network: training steps of 32 examples": ["10,000", "200,000"]}
    results = {"measured": "2026-01-01", "runs": 1, "machine": {"cpu": "CPU", "cores": 2, "python": "3", "torch": "2"},
               "notebooks": {"05_mlp_embeddings": {"figures": figures, "seconds": {"median": 1.0, "min": 1.0,
                                                                                    "max": 1.0}}},
               "recipes": {"mlp": recipe}}
    lines = render(results).splitlines()
    at = lines.index("| MLP, different networks | 2.1800 | 60.0 | 4.0 | 15.0 | 2.0500 |")
    assert lines[at + 1] == ("| MLP (notebook 05), like for like: the lecture's network with the course's recipe "
                             "| 2.1800 | 60.0 | not reached within its 10,000 steps | – | 2.2075 |")
    figures["lecture's network: dev loss (each on its own split)"] = ["2.1500", "2.1701"]
    assert "| reached (seconds not measured) | – | 2.1500 |" in render(results)
    del figures["lecture's network: training steps of 32 examples"]  # the notebook no longer reports it: no row
    assert "like for like" not in render(results).split("| MLP, different networks |")[1].split("\n")[1]
