"""`make slides`: every notebook as a reveal.js slide deck for the classroom, from its stored outputs (nothing is
executed) and its cells' slide metadata, into build/slides (git-ignored). The folder is self-contained and works
offline: reveal.js and MathJax are copied beside the decks from the packages that carry them on PyPI
(sphinx-revealjs, sphinx-mathjax-offline), and the template (course_tools/reveal_offline) fetches nothing else.

Not used inside the lessons. The slide metadata is the same that JupyterLab's RISE extension presents from
(`make lab`), kept in each cell as `"slideshow": {"slide_type": ...}`: a `#` or `##` heading starts a slide, a
`###` heading or an explanation after code a subslide (reveal.js's vertical step, the down arrow), and the first
code cell after an explanation is a fragment: it appears, with its result, at the next key press, once a class
has thought about what it will show. `--mark` gives the cells that have no slide type one by that rule.

    python -m course_tools.slides [NOTEBOOK ...]          build the decks
    python -m course_tools.slides --mark NOTEBOOK ...     fill in missing slide types, in place
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SLIDES = ROOT / "build" / "slides"
TEMPLATE = Path(__file__).resolve().parent / "reveal_offline"
WIDTH, HEIGHT = 1280, 900  # the deck's own size; reveal.js scales it to the screen


def rule(nb: nbformat.NotebookNode) -> list[str]:
    """Return the slide type the course's rule gives each cell of `nb` (see the module's docstring)."""
    types = []
    for i, cell in enumerate(nb.cells):
        before = nb.cells[i - 1] if i else None
        text = cell.source.lstrip()
        if cell.cell_type == "markdown":
            if text.startswith(("# ", "## ")):
                types.append("slide")
            elif text.startswith("### ") or (before is not None and before.cell_type == "code"):
                types.append("subslide")
            else:
                types.append("-")
        else:
            types.append("fragment" if before is not None and before.cell_type == "markdown" else "-")
    return types


def slide_type(cell: nbformat.NotebookNode) -> str | None:
    """Return the cell's slide type from its metadata, or None if it has none."""
    return cell.metadata.get("slideshow", {}).get("slide_type")


def mark(nb: nbformat.NotebookNode) -> int:
    """Give every cell of `nb` without a slide type the rule's; return how many cells were given one."""
    given = 0
    for cell, kind in zip(nb.cells, rule(nb), strict=True):
        if slide_type(cell) is None:
            cell.metadata["slideshow"] = {"slide_type": kind}
            given += 1
    return given


def expected_slides(nb: nbformat.NotebookNode) -> tuple[int, int]:
    """Return (slides, slides and subslides) that a deck of `nb` holds, as nbconvert builds it: a skipped cell is
    left out, and the first cell shown always starts a slide."""
    kinds = [slide_type(cell) or "-" for cell in nb.cells]
    kinds = [kind for kind in kinds if kind != "skip"]
    if kinds and kinds[0] != "slide":
        kinds[0] = "slide"
    return kinds.count("slide"), kinds.count("slide") + kinds.count("subslide")


def _package_folder(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{name} is not installed: `make slides` installs it (pyproject.toml, extra 'site')")
    return Path(spec.origin).parent


def copy_libraries(out: Path) -> None:
    """Copy reveal.js (its dist/ and plugins) and MathJax 3 (TeX to HTML, with fonts) into `out`."""
    reveal = _package_folder("sphinx_revealjs") / "_static" / "revealjs"
    mathjax = _package_folder("sphinx-mathjax-offline") / "static" / "mathjax"
    skip = shutil.ignore_patterns("*.map", "*.esm.js")
    for part in ("dist", "plugin"):
        shutil.copytree(reveal / part, out / "reveal.js" / part, ignore=skip)
    shutil.copy(reveal / "LICENSE", out / "reveal.js" / "LICENSE")
    (out / "mathjax").mkdir()
    shutil.copy(mathjax / "tex-chtml.js", out / "mathjax")
    for part in ("output/chtml/fonts", "input/tex/extensions"):
        shutil.copytree(mathjax / part, out / "mathjax" / part)


def build(notebooks: list[Path], out: Path = SLIDES) -> list[Path]:
    """Write a deck per notebook into `out` (replacing what was there); return the decks' paths."""
    unmarked = [f"{path.name}: cell {i}" for path in notebooks
                for i, cell in enumerate(nbformat.read(path, as_version=4).cells) if slide_type(cell) is None]
    if unmarked:
        raise RuntimeError(f"cells without a slide type ({', '.join(unmarked[:5])}, ...): give them one in "
                           "JupyterLab, or run `python -m course_tools.slides --mark NOTEBOOK`")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    copy_libraries(out)
    command = [
        sys.executable, "-m", "jupyter", "nbconvert", "--to", "slides", "--output-dir", str(out),
        f"--TemplateExporter.extra_template_basedirs={TEMPLATE.parent}", "--template", TEMPLATE.name,
        "--SlidesExporter.reveal_url_prefix=reveal.js", "--SlidesExporter.reveal_theme=white",
        f"--SlidesExporter.reveal_width={WIDTH}", f"--SlidesExporter.reveal_height={HEIGHT}",
        "--SlidesExporter.reveal_number=c/t", "--HTMLExporter.mathjax_url=mathjax/tex-chtml.js",
        "--HTMLExporter.embed_images=True",  # the notebooks' own pictures (figures/) go inside the deck
        "--TemplateExporter.exclude_input_prompt=True", "--TemplateExporter.exclude_output_prompt=True",
        *map(str, notebooks),
    ]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"nbconvert failed:\n{run.stderr}")
    return [out / f"{path.stem}.slides.html" for path in notebooks]


def main(args: list[str]) -> int:
    if args[:1] == ["--mark"]:
        for path in map(Path, args[1:]):
            nb = nbformat.read(path, as_version=4)
            given = mark(nb)
            nbformat.write(nb, path)
            sys.stdout.write(f"{path}: {given} cells given a slide type\n")
        return 0
    notebooks = [Path(a) for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    try:
        decks = build(notebooks)
    except RuntimeError as err:
        sys.stderr.write(f"{err}\n")
        return 1
    for deck, path in zip(decks, notebooks, strict=True):
        slides, total = expected_slides(nbformat.read(path, as_version=4))
        sys.stdout.write(f"{deck.relative_to(ROOT)}: {slides} slides, {total} with their subslides\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
