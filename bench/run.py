"""make bench: time every notebook, collect its headline figures, and time the course's recipes against the
lecture's, all in one run, and time the building of the training examples. Writes bench/results.json and the
README's results section, and prints a table.

    python bench/run.py [--runs 3]

Takes about 20 minutes on a 2-core machine with the default 3 runs: the notebooks three times over, then the
lecture's two recipes of 200,000 steps each, then the course's two recipes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path
from statistics import median

import course_recipes
import lecture_batchnorm
import lecture_mlp
import torch
from watch import seconds_to_reach

from course_tools import results as course_results
from course_tools.notebooks import execute_notebook
from helpers.data import load_words
from helpers.dataset import context_windows
from helpers.vocab import build_vocab

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
COURSE_GOAL_SECONDS = 300  # the whole course in under 5 minutes
SPEEDUP_GOAL = 5
DATASET_GOAL_MS = 1000  # context windows for all names in under 1 s (issue 5)
RECIPES = {  # key: (model, notebook, figure holding the course's final dev loss, lecture recipe, course recipe)
    "mlp": (
        "MLP (notebook 05), different networks: the course's larger one (5-character context) vs the lecture's",
        "05_mlp_embeddings",
        "larger network: dev loss",
        lecture_mlp.run,
        course_recipes.mlp,
    ),
    "batchnorm": (
        "BatchNorm net (notebook 06), different networks: the course's final model (8-character context, two "
        "hidden layers) vs the lecture's BatchNorm network",
        "06_batchnorm",
        "final model: val loss",
        lecture_batchnorm.run,
        course_recipes.batchnorm,
    ),
}


def machine() -> dict:
    """Return the CPU model, core count and versions, for quoting the figures with the machine they come from."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "torch": torch.__version__}


def time_notebooks(runs: int) -> dict:
    """Execute each notebook `runs` times in a fresh kernel; return its wall times and its figures."""
    entries = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            executed = execute_notebook(path)
            seconds.append(round(time.perf_counter() - start, 2))
            figures = course_results.results_of(executed, path)
            if figures != course_results.stored_results(path):
                sys.exit(f"{path.name}: executing it gives other figures than the stored ones; run `make outputs`")
        entries[path.stem] = {
            "figures": {figure: list(values) for figure, values in figures.items()},
            "seconds": {"median": median(seconds), "min": min(seconds), "max": max(seconds), "runs": seconds},
        }
        print(
            f"{path.name}: median {median(seconds):.1f} s over {runs} runs ({min(seconds):.1f} to {max(seconds):.1f})"
        )
    return entries


def time_dataset(repeats: int = 7) -> dict:
    """Time `context_windows` on all names at the notebooks' context lengths; return median milliseconds."""
    words = load_words()
    stoi, _ = build_vocab(words)
    timings = {}
    for block_size in (1, 3, 5, 8):
        ms = []
        for _ in range(repeats):
            start = time.perf_counter()
            X, _ = context_windows(words, stoi, block_size)
            ms.append(1000 * (time.perf_counter() - start))
        timings[str(block_size)] = {"examples": len(X), "median_ms": round(median(ms), 2), "max_ms": round(max(ms), 2)}
    return timings


def compare_recipes(notebooks: dict) -> dict:
    """Train the lecture's and the course's recipes; return how long each takes to the lecture's final dev loss."""
    compared = {}
    for key, (model, notebook, figure, lecture_run, course_run) in RECIPES.items():
        print(f"{model}: training the lecture's recipe (200,000 steps) ...", flush=True)
        lecture = lecture_run()
        print(f"{model}: training the course's recipe ...", flush=True)
        course = course_run()
        stored = notebooks[notebook]["figures"][figure][0]
        if f"{course['final_dev']:.4f}" != stored:
            sys.exit(
                f"{model}: bench/course_recipes.py ends at dev {course['final_dev']:.4f}, the notebook at {stored}"
            )
        target = lecture["final_dev"]
        lecture_seconds = seconds_to_reach(lecture["points"], target)
        course_seconds = seconds_to_reach(course["points"], target)
        if course_seconds is None:
            sys.exit(f"{model}: the course's recipe never reaches the lecture's final dev loss {target:.4f}")
        compared[key] = {
            "model": model,
            "target": target,
            "lecture_seconds": round(lecture_seconds, 2),
            "course_seconds": round(course_seconds, 2),
            "speedup": round(lecture_seconds / course_seconds, 2),
            "lecture": lecture,
            "course": course,
        }
    return compared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="executions of each notebook (default 3)")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as in the notebooks
    results = {
        "measured": datetime.date.today().isoformat(),
        "machine": machine(),
        "runs": args.runs,
        "notebooks": time_notebooks(args.runs),
        "dataset": time_dataset(),
    }
    results["recipes"] = compare_recipes(results["notebooks"])
    course_results.save(results, RESULTS)
    course_results.update_readme(ROOT / "README.md", results)

    total = sum(entry["seconds"]["median"] for entry in results["notebooks"].values())
    verdict = "met" if total < COURSE_GOAL_SECONDS else f"missed by {total - COURSE_GOAL_SECONDS:.1f} s"
    print(f"\nwhole course: {total:.1f} s (median per notebook, summed); goal under {COURSE_GOAL_SECONDS} s: {verdict}")
    print(f"{'model':<30}{'target':>8}{'lecture s':>11}{'course s':>10}{'times faster':>14}")
    for r in results["recipes"].values():
        goal = "met" if r["speedup"] >= SPEEDUP_GOAL else f"missed (goal {SPEEDUP_GOAL})"
        print(
            f"{r['model']:<30}{r['target']:>8.4f}{r['lecture_seconds']:>11.1f}{r['course_seconds']:>10.1f}"
            f"{r['speedup']:>14.1f}  {goal}"
        )
    slowest = max(entry["median_ms"] for entry in results["dataset"].values())
    verdict = "met" if slowest < DATASET_GOAL_MS else "missed"
    print(
        f"context_windows on all names: {slowest:.1f} ms at most (median); goal under {DATASET_GOAL_MS} ms: {verdict}"
    )
    print(f"\nwrote {RESULTS.relative_to(ROOT)} and the README's results section")


if __name__ == "__main__":
    main()
