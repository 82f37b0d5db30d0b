"""Tests for the site, slides and browser-check tooling that run without building anything: the home page from the
README, the folded solutions, the slide rule and counts, the link checker. tests/test_site_build.py builds both
and opens them in a browser (make test-site)."""

import base64
import io
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from PIL import Image

from course_tools import browse, site, slides
from helpers.exercises import Exercise

ROOT = Path(__file__).resolve().parents[1]
README = """# course

See [01](notebooks/01_counting.ipynb), [the data](data/README.md), [`data/README.md`](data/README.md),
[PyPI](https://pypi.org) and [below](#the-data).

## The data

names

## For maintainers

make outputs

## Last

kept
"""


def test_the_home_page_is_the_readme_without_maintainers_and_without_links_to_files_the_site_lacks():
    page = site.home_page(README, {"notebooks/01_counting.ipynb"})
    assert "[01](notebooks/01_counting.ipynb)" in page  # a page of the site
    assert "[PyPI](https://pypi.org)" in page and "[below](#the-data)" in page
    assert "the data (`data/README.md` in the course's files)" in page
    assert "[`data/README.md`]" not in page and "`data/README.md`," in page
    assert "For maintainers" not in page and "make outputs" not in page
    assert "## Last\n\nkept" in page


def test_the_real_readme_gives_a_home_page_with_the_commands_the_notebooks_and_the_results():
    readme = (ROOT / "README.md").read_text()
    page = site.home_page(readme, {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")})
    for part in ("## Two commands", "make lab", "make test", "## The notebooks", "## Results", "## Exercises"):
        assert part in page
    assert "(notebooks/06_batchnorm.ipynb)" in page


def test_each_exercise_is_followed_by_its_hints_and_solution_folded_away():
    learner = new_code_cell("x = ____", metadata={"exercise": "q1"})
    nb = new_notebook(cells=[new_markdown_cell("ask"), learner, new_code_cell("q1.check(x)"), new_markdown_cell("on")])
    q1 = Exercise("Exercise 1", checker=lambda x: None, hints=["first", "second"], solution_code="x = 1", why="as 1")
    shown = site.with_solutions(nb, {"q1": q1})
    assert [c.source.split("\n")[0] for c in shown.cells] == ["ask", "x = ____", "q1.check(x)", ":::{dropdown} Hints",
                                                            "on"]
    assert shown.cells[3].source == (":::{dropdown} Hints\n1. first\n2. second\n:::\n\n"
                                     ":::{dropdown} Solution\n```python\nx = 1\n```\n\nas 1\n:::\n")
    assert len(nb.cells) == 4  # the notebook itself is untouched


def test_a_wide_figure_spreads_across_the_page_and_a_narrow_one_keeps_the_text_width():
    def png(width):
        out = io.BytesIO()
        Image.new("RGB", (width, 10)).save(out, format="PNG")
        return base64.b64encode(out.getvalue()).decode()

    cells = [new_code_cell("wide"), new_code_cell("narrow"), new_markdown_cell("text")]
    for cell, width in zip(cells, (1650, 800), strict=False):
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png(width)})]
    nb = new_notebook(cells=cells)
    assert site.png_width(png(1650)) == 1650
    assert site.widen_figures(nb) == 1
    assert [c.metadata.get("tags") for c in nb.cells] == [["full-width"], None, None]


def test_the_table_of_contents_lists_the_notebooks_in_order_after_the_home_page():
    assert site.table_of_contents(["01_a", "02_b"]) == (
        "format: jb-book\nroot: intro\nchapters:\n  - file: notebooks/01_a\n  - file: notebooks/02_b\n"
    )


def test_the_slide_rule_makes_sections_slides_and_reveals_the_first_code_after_an_explanation():
    nb = new_notebook(cells=[
        new_markdown_cell("# Title"), new_code_cell("imports"), new_markdown_cell("## 1. Section"),
        new_markdown_cell("why"), new_code_cell("a"), new_code_cell("b"), new_markdown_cell("so"),
        new_markdown_cell("### Detail"), new_code_cell("c"),
    ])
    assert slides.rule(nb) == ["slide", "fragment", "slide", "-", "fragment", "-", "subslide", "subslide", "fragment"]
    assert slides.mark(nb) == 9 and slides.mark(nb) == 0  # a second pass keeps what is there
    assert slides.expected_slides(nb) == (2, 4)


def test_a_deck_starts_with_a_slide_and_leaves_out_skipped_cells():
    nb = new_notebook(cells=[new_markdown_cell("intro"), new_markdown_cell("x"), new_markdown_cell("## s")])
    for cell, kind in zip(nb.cells, ["-", "skip", "subslide"], strict=True):
        cell.metadata["slideshow"] = {"slide_type": kind}
    assert slides.expected_slides(nb) == (1, 2)  # nbconvert turns the first cell shown into a slide


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_is_a_deck_with_a_slide_per_section(path):
    cells = nbformat.read(path, as_version=4).cells
    assert all(slides.slide_type(c) for c in cells), "a cell without a slide type: python -m course_tools.slides --mark"
    for cell in cells:
        heading = cell.source.split(" ", 1)[0] if cell.cell_type == "markdown" else ""
        if heading in ("#", "##"):
            assert slides.slide_type(cell) == "slide", cell.source[:60]
        inner = cell.source.split("\n")[1:] if cell.cell_type == "markdown" else []
        assert not any(line.startswith(("# ", "## ", "### ")) for line in inner), (
            f"a heading inside a cell does not start a slide: split the cell before it ({cell.source[:40]!r})"
        )
    assert any(slides.slide_type(c) == "fragment" for c in cells)


def write(folder, name, html):
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"<html><body>{html}</body></html>")


def test_the_link_checker_passes_a_sound_site_and_names_each_kind_of_broken_link(tmp_path):
    write(tmp_path, "index.html", '<a href="notes/a.html#part">a</a> <a href="https://example.org">out</a> '
                                  '<img src="pic.png"> <a href="#">top</a> <a href="notes/">folder</a>')
    write(tmp_path, "notes/a.html", '<h2 id="part">part</h2> <a href="../index.html">home</a>')
    write(tmp_path, "notes/index.html", "")
    (tmp_path / "pic.png").write_bytes(b"png")
    assert browse.broken_links(tmp_path) == []

    write(tmp_path, "bad.html", '<a href="gone.html">x</a> <a href="notes/a.html#nowhere">y</a> <img src="no.png"> '
                                '<script src="https://cdn.example.org/lib.js"></script> '
                                '<a href="../outside.html">z</a>')
    assert browse.broken_links(tmp_path) == [
        "bad.html: <a href='gone.html'> points to a missing file",
        "bad.html: <a href='notes/a.html#nowhere'> points to a missing anchor",
        "bad.html: <img src='no.png'> points to a missing file",
        "bad.html: <script src> fetches https://cdn.example.org/lib.js from another host",
        "bad.html: <a href='../outside.html'> points to a missing file",
    ]


def test_a_served_folder_answers_on_localhost_only_while_the_block_runs(tmp_path):
    write(tmp_path, "index.html", "hello")
    with browse.serve(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:")
        assert b"hello" in urllib.request.urlopen(base + "index.html", timeout=10).read()
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "index.html", timeout=2)
