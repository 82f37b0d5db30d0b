"""`make site`: the course as a static website, built with Jupyter Book 1 from the notebooks as they are stored
(nothing is executed) and from the README, into build/site (git-ignored).

Not used inside the lessons. The home page is the README without its maintainers' section; each notebook is a
page with its stored outputs and figures (the widest across the whole page), and each exercise is followed by its
hints and solution, folded away.
The build fails on any warning (a broken cross-reference, a missing image) and needs no network.

    python -m course_tools.site
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from course_tools.solutions import exercises_by_notebook

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SITE = BUILD / "site"
CONFIG = Path(__file__).resolve().parent / "book" / "_config.yml"
MAINTAINERS = "## For maintainers"
WIDE = 1100  # pixels: a figure wider than this (the 27 x 27 heatmaps) gets the page's full width
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")  # [text](target), not an image


def home_page(readme: str, pages: set[str]) -> str:
    """Return the README as the site's home page: without the maintainers' section, and with every link to a file
    of the repository that is not a page of the site (`pages`, paths relative to the README) as plain text."""
    before, _, after = readme.partition(f"\n{MAINTAINERS}\n")
    rest = after.split("\n## ", 1)[1] if "\n## " in after else ""  # any section after the maintainers' one
    text = before + (f"\n## {rest}" if rest else "")

    def relink(match: re.Match) -> str:
        label, target = match[1], match[2]
        if re.match(r"[a-z]+:", target) or target.startswith("#") or target.split("#")[0] in pages:
            return match[0]  # a web address, an anchor on this page, or a page of the site
        return label if label.strip("`") == target else f"{label} (`{target}` in the course's files)"

    return LINK.sub(relink, text).rstrip() + "\n"


def folded(exercise: object) -> str:
    """Return the markdown of an exercise's hints and solution, each in a dropdown that starts closed."""
    hints = "\n".join(f"{i}. {hint}" for i, hint in enumerate(exercise.hints, start=1))
    return (f":::{{dropdown}} Hints\n{hints}\n:::\n\n"
            f":::{{dropdown}} Solution\n```python\n{exercise.solution_code}\n```\n\n{exercise.why}\n:::\n")


def with_solutions(nb: nbformat.NotebookNode, exercises: dict[str, object]) -> nbformat.NotebookNode:
    """Return a copy of `nb` in which the check cell of every exercise is followed by its hints and solution."""
    nb = nbformat.from_dict(nb)
    cells = []
    for i, cell in enumerate(nb.cells):
        cells.append(cell)
        if i > 0 and "exercise" in nb.cells[i - 1].metadata:  # this is the check cell of that exercise
            cells.append(nbformat.v4.new_markdown_cell(folded(exercises[nb.cells[i - 1].metadata["exercise"]])))
    nb.cells = cells
    return nb


def png_width(data: str) -> int:
    """Return the width in pixels of a base64-encoded PNG (from its IHDR header)."""
    return int.from_bytes(base64.b64decode(data[:32])[16:20], "big")


def widen_figures(nb: nbformat.NotebookNode) -> int:
    """Tag each code cell of `nb` that shows a figure wider than WIDE pixels `full-width`, so the theme lets it
    spread beyond the text column; return how many were tagged."""
    tagged = 0
    for cell in nb.cells:
        pictures = [o.data["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if any(png_width(picture) > WIDE for picture in pictures):
            cell.metadata.setdefault("tags", []).append("full-width")
            tagged += 1
    return tagged


def table_of_contents(stems: list[str]) -> str:
    """Return the _toc.yml of a book whose home page is intro.md and whose chapters are the notebooks, in order."""
    chapters = "".join(f"  - file: notebooks/{stem}\n" for stem in stems)
    return f"format: jb-book\nroot: intro\nchapters:\n{chapters}"


def lay_out(source: Path, root: Path = ROOT) -> None:
    """Write the book's source for the course at `root` into `source`, replacing what was there."""
    shutil.rmtree(source, ignore_errors=True)
    (source / "notebooks").mkdir(parents=True)
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    exercises = exercises_by_notebook()
    for path in notebooks:
        nb = with_solutions(nbformat.read(path, as_version=4), exercises.get(path.stem, {}))
        widen_figures(nb)
        nbformat.write(nb, source / "notebooks" / path.name)
    if (root / "notebooks" / "figures").is_dir():
        shutil.copytree(root / "notebooks" / "figures", source / "notebooks" / "figures")
    pages = {f"notebooks/{path.name}" for path in notebooks}
    (source / "intro.md").write_text(home_page((root / "README.md").read_text(encoding="utf-8"), pages))
    shutil.copy(CONFIG, source / "_config.yml")
    (source / "_toc.yml").write_text(table_of_contents([path.stem for path in notebooks]))


def build(site: Path = SITE, *, root: Path = ROOT, work: Path = BUILD) -> Path:
    """Build the website of the course at `root` into `site`, laying out its source in `work`; raise RuntimeError
    with Jupyter Book's report if it warns or fails."""
    source, output = work / "book", work / "book-build"
    lay_out(source, root)
    shutil.rmtree(output, ignore_errors=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(source), "--path-output", str(output), "--all", "-W", "--keep-going"]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"jupyter-book build failed (warnings count as failures):\n{run.stdout}{run.stderr}")
    shutil.rmtree(site, ignore_errors=True)
    shutil.move(output / "_build" / "html", site)
    return site


def main() -> int:
    try:
        site = build()
    except RuntimeError as err:
        sys.stderr.write(f"{err}\n")
        return 1
    sys.stdout.write(f"site: {site.relative_to(ROOT)}/index.html (open it in a browser; no server needed)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
