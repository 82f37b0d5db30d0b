"""The course's results: bench/results.json, and the README section generated from it.

Not used inside the lessons. `make outputs` refreshes the notebooks' figures in results.json (they are
deterministic outputs); `make bench` (bench/run.py) also records timings, the machine and the speed-ups over the
lecture's recipes. Both then rewrite the README's results section, so the README cannot drift from either.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat

from helpers.report import HEADER, parse_results_table

README_START = "<!-- results: generated from bench/results.json by `make outputs` and `make bench`; do not edit -->"
README_END = "<!-- end of results -->"
# Beside each speed-up of the bench, which sets a network of the course against the lecture's, the like-for-like
# comparison: the lecture's own network trained with the course's recipe, as its notebook reports it.
# recipe -> (row label, notebook, figure holding its final dev loss, figure holding its steps)
LIKE_FOR_LIKE = {
    "mlp": ("MLP (notebook 05), like for like: the lecture's network with the course's recipe", "05_mlp_embeddings",
            "lecture's network: dev loss (each on its own split)", "lecture's network: training steps of 32 examples"),
    "batchnorm": ("BatchNorm net (notebook 06), like for like: the lecture's network, trained as in the loss log",
                  "06_batchnorm", "loss log, val: BatchNorm", "loss log: steps per run"),
}


def stored_results(path: str | os.PathLike) -> dict[str, tuple[str, str]]:
    """Return {figure: (this notebook, lecture)} from the results table stored in the notebook's outputs."""
    return results_of(nbformat.read(path, as_version=4), path)


def results_of(nb: nbformat.NotebookNode, name: object = "the notebook") -> dict[str, tuple[str, str]]:
    """Return {figure: (this notebook, lecture)} from the last results table among the outputs of `nb`."""
    for cell in reversed(nb.cells):
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown", "")
            if markdown.startswith(HEADER):
                return parse_results_table(markdown)
    raise ValueError(f"{name} has no stored results table: end it with one and run `make outputs`")


def load(path: str | os.PathLike) -> dict:
    """Return the results in `path`, or an empty record if the file does not exist yet."""
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else {"notebooks": {}}


def save(results: dict, path: str | os.PathLike) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")


def refresh_figures(results: dict, notebooks: list[str | os.PathLike]) -> dict:
    """Return `results` with every notebook's figures read from its stored results table (timings kept)."""
    entries = results.get("notebooks", {})
    fresh = {}
    for path in sorted(notebooks, key=lambda p: Path(p).name):
        name = Path(path).stem
        fresh[name] = {**entries.get(name, {}), "figures": {f: list(v) for f, v in stored_results(path).items()}}
    return {**results, "notebooks": fresh}


def render(results: dict) -> str:
    """Return the README's results section: timings and speed-ups if measured, then every notebook's figures."""
    lines = [README_START, ""]
    machine = results.get("machine")
    if machine and all("seconds" in entry for entry in results["notebooks"].values()):
        lines += _timing_lines(results, machine)
    else:
        lines += ["Timings: not measured yet; run `make bench`.", ""]
    lines += ["**What each notebook reaches.** Every notebook's results table:", ""]
    lines += ["| notebook | figure | this course | lecture |", "|---|---|---|---|"]
    for name, entry in results["notebooks"].items():
        lines += [f"| {name} | {figure} | {ours} | {lecture} |" for figure, (ours, lecture) in entry["figures"].items()]
    return "\n".join([*lines, "", README_END])


def _timing_lines(results: dict, machine: dict) -> list[str]:
    lines = [
        f"**How long it takes.** `make bench` on {machine['cpu']}, {machine['cores']} cores (Python "
        f"{machine['python']}, torch {machine['torch']}), {results['measured']}: medians of {results['runs']} runs, "
        "each notebook executed in a fresh kernel.",
        "",
        "| notebook | median | fastest | slowest |",
        "|---|---|---|---|",
    ]
    for name, entry in results["notebooks"].items():
        s = entry["seconds"]
        lines.append(f"| {name} | {s['median']:.1f} s | {s['min']:.1f} s | {s['max']:.1f} s |")
    total = sum(entry["seconds"]["median"] for entry in results["notebooks"].values())
    lines += [f"| **whole course** | **{total:.1f} s** | | |", ""]
    recipes = results.get("recipes")
    if recipes:
        lines += [
            "**How much faster than the lecture's recipes.** Both trained here, in the same run: the lecture's recipe "
            "as in the lecture (200,000 steps of 32 examples), the course's as in its notebook. Seconds are training "
            "time only, until the dev loss first reaches the loss the lecture's recipe ends with. The speed-ups set "
            "the course's larger networks against the lecture's; the like-for-like rows below them train the "
            "lecture's own network the course's way, as its notebook does, and say whether it reaches the "
            "lecture's loss within its budget.",
            "",
            "| model | lecture's final dev loss | lecture: seconds | course: seconds to that loss | times faster "
            "| course's final dev loss |",
            "|---|---|---|---|---|---|",
        ]
        for key, r in recipes.items():
            lines.append(
                f"| {r['model']} | {r['target']:.4f} | {r['lecture_seconds']:.1f} | {r['course_seconds']:.1f} "
                f"| {r['speedup']:.1f} | {r['course']['final_dev']:.4f} |"
            )
            lines += _like_for_like(results, key, r)
        lines.append("")
    dataset = results.get("dataset")
    if dataset:
        times = " · ".join(f"{block}: {entry['median_ms']:.0f} ms" for block, entry in dataset.items())
        examples = next(iter(dataset.values()))["examples"]
        lines += [
            f"**Building the training examples.** `context_windows` turns all 32,033 names into {examples:,} "
            f"(context, next character) pairs, median time by context length: {times} (goal: under 1 s).",
            "",
        ]
    return lines


def _like_for_like(results: dict, key: str, recipe: dict) -> list[str]:
    """Return the like-for-like row of a recipe (LIKE_FOR_LIKE), or no row if its notebook's figures are missing."""
    if key not in LIKE_FOR_LIKE:
        return []
    label, notebook, loss_figure, steps_figure = LIKE_FOR_LIKE[key]
    figures = results["notebooks"].get(notebook, {}).get("figures", {})
    if loss_figure not in figures or steps_figure not in figures:
        return []
    final, steps, target = float(figures[loss_figure][0]), figures[steps_figure][0], recipe["target"]
    reached = "reached (seconds not measured)" if final <= target else f"not reached within its {steps} steps"
    return [f"| {label} | {target:.4f} | {recipe['lecture_seconds']:.1f} | {reached} | – | {final:.4f} |"]


def update_readme(readme: str | os.PathLike, results: dict) -> None:
    """Rewrite the results section of `readme` (between its two markers) from `results`."""
    text = Path(readme).read_text()
    if README_START not in text or README_END not in text:
        raise ValueError(f"{readme} lacks the results markers:\n{README_START}\n{README_END}")
    head, rest = text.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    Path(readme).write_text(head + render(results) + tail)
