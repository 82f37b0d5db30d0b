"""Execute the course's notebooks the way they are stored.

Not used inside the lessons: this is the machinery behind `make outputs`
(`python -m course_tools.notebooks README.md notebooks/*.ipynb`) and `make bench`. Each notebook runs in a fresh
kernel with no timing metadata and without storing outputs that vary by run, so re-running on an unchanged tree
changes no byte; then the notebooks' figures in bench/results.json and the README's results section are
refreshed (see course_tools.results).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import tomllib
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from course_tools import results
from course_tools.compare import outputs_differ, tolerance_of

IGNORE_MARKER = "NBVAL_IGNORE_OUTPUT"  # as nbval reads it: a comment line, or the tag below
IGNORE_TAG = "nbval-ignore-output"
ROOT = Path(__file__).resolve().parent.parent  # the checkout
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"
METADATA_KEY = "course_tools"  # notebook metadata: what the stored outputs were made from (input_fingerprints)


def output_varies(cell: nbformat.NotebookNode) -> bool:
    """Return True for a code cell marked NBVAL_IGNORE_OUTPUT: its output (a wall-clock time) varies by run."""
    if cell.cell_type != "code":
        return False
    comments = (line.strip().lstrip("#").strip() for line in cell.source.splitlines() if line.strip().startswith("#"))
    return IGNORE_MARKER in comments or IGNORE_TAG in cell.metadata.get("tags", [])


def sanitize_rules(path: str | os.PathLike = SANITIZE_FILE) -> list[tuple[str, str]]:
    """Return the (regex, replacement) pairs of an nbval sanitize file, read exactly as nbval reads them."""
    return re.findall(r"^regex: (.*)$\n^replace: (.*)$", Path(path).read_text(), flags=re.MULTILINE)


def sanitize(value: object, rules: list[tuple[str, str]]) -> object:
    """Return `value` (an output, or any JSON-like structure) with every rule applied to every string in it."""
    if isinstance(value, str):
        for regex, replacement in rules:
            value = re.sub(regex, replacement, value)
        return value
    if isinstance(value, list):
        return [sanitize(item, rules) for item in value]
    if isinstance(value, dict):
        return {key: sanitize(item, rules) for key, item in value.items()}
    return value


def execute_notebook(path: str | os.PathLike, *, timeout: float = 900) -> nbformat.NotebookNode:
    """Return the notebook at `path` executed top to bottom in a fresh kernel started in its folder.

    No timing metadata is recorded, each cell's printed output is stored as one stream (however the kernel
    happened to flush it, with carriage returns resolved, so a progress bar keeps only its final state), a
    traceback names files of this checkout relative to it (not where it was cloned), and the outputs of cells
    whose output varies by run (`output_varies`) are dropped; nbval does not compare those, and the figure
    that matters there is checked by an `assert` in the notebook.

    A cell keeps its stored outputs, pictures included, when nothing it depends on has changed since they were
    stored (`input_fingerprints`) and its new outputs match them as `make test` compares them (numbers within
    the cell's tolerance, sanitize rules applied). So a re-run on another CPU, or one that only measured
    another training time, changes no byte, while a change to a cell, an earlier cell, a helper or a pinned
    package stores that cell's new outputs in full.
    """
    path = Path(path)
    stored = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}  # run the kernel in the notebook's own folder
    client = NotebookClient(nb, timeout=timeout, record_timing=False, coalesce_streams=True, resources=resources)
    client.execute()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":  # a cell that raises on purpose
                output.traceback = [line.replace(f"{ROOT}{os.sep}", "") for line in output.traceback]
    rules = sanitize_rules()
    fingerprints = input_fingerprints(nb)
    before = stored.metadata.get(METADATA_KEY, {}).get("inputs", [])
    code = [(cell, old) for cell, old in zip(nb.cells, stored.cells, strict=True) if cell.cell_type == "code"]
    for k, (cell, old) in enumerate(code):
        unchanged = before[: k + 1] == fingerprints[: k + 1]
        if output_varies(cell):
            cell.outputs = []
        elif unchanged and not outputs_differ(
            old.outputs, cell.outputs, tolerance_of(cell.metadata), lambda text: sanitize(text, rules)
        ):
            cell.outputs = old.outputs  # the same result as far as `make test` can tell: keep the stored bytes
    nb.metadata[METADATA_KEY] = {"inputs": fingerprints}
    return nb


def input_fingerprints(nb: nbformat.NotebookNode) -> list[str]:
    """Return a short hash per code cell of everything its outputs depend on: the helpers' code, the pinned
    packages, and the source of this and every earlier code cell."""
    digest = hashlib.sha256()
    for module in sorted((ROOT / "helpers").glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes().replace(b"\r\n", b"\n"))  # any checkout
    digest.update(json.dumps(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]).encode())
    fingerprints = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.encode() + b"\0")
            fingerprints.append(digest.copy().hexdigest()[:12])
    return fingerprints


def main(args: list[str]) -> int:
    """Execute each notebook and write it back in place, reporting its wall time; then refresh the figures in
    bench/results.json (beside the README) and the README's results section."""
    if len(args) < 2 or not args[0].endswith(".md"):
        sys.stderr.write("usage: python -m course_tools.notebooks README.md NOTEBOOK.ipynb ...\n")
        return 2
    readme, paths = args[0], args[1:]
    for path in paths:
        start = time.perf_counter()
        nbformat.write(execute_notebook(path), path)
        sys.stdout.write(f"{path}: executed in {time.perf_counter() - start:.1f} s\n")
    results_path = Path(readme).parent / "bench" / "results.json"
    every_notebook = sorted(Path(paths[0]).parent.glob("*.ipynb"))  # run now or before
    updated = results.refresh_figures(results.load(results_path), every_notebook)
    results.save(updated, results_path)
    results.update_readme(readme, updated)
    sys.stdout.write(f"{results_path} and {readme}: figures updated\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
