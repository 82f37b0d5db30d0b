"""Tests for the benchmark's timing (bench/watch.py) and for the course recipes matching their notebooks."""

import math
import sys
from pathlib import Path

import pytest

from course_tools.results import stored_results

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))  # bench/ holds plain scripts, not a package

import course_recipes  # noqa: E402
from watch import seconds_to_reach, watch  # noqa: E402

POINTS = [[100, 1.0, 3.0], [200, 2.0, 2.5], [300, 3.0, 2.1], [400, 4.0, 2.2]]


@pytest.mark.parametrize(
    ("target", "seconds"),
    [(3.5, 1.0), (3.0, 1.0), (2.5, 2.0), (2.3, 2.5), (2.1, 3.0), (2.15, 2.0 + 0.35 / 0.4), (2.0, None)],
)
def test_seconds_to_reach_interpolates_to_the_first_crossing(target, seconds):
    result = seconds_to_reach(POINTS, target)
    assert result == seconds if seconds is None else result == pytest.approx(seconds)


def test_watch_times_only_the_steps_and_records_the_dev_loss():
    done = []
    curve = watch(done.append, 10, lambda: 1.0 / (len(done) + 1), every=4)
    assert done == list(range(10))
    assert [p[0] for p in curve["points"]] == [4, 8, 10]
    assert [p[2] for p in curve["points"]] == [round(1 / 5, 4), round(1 / 9, 4), round(1 / 11, 4)]
    seconds = [p[1] for p in curve["points"]]
    assert seconds == sorted(seconds) and curve["final_dev"] == curve["points"][-1][2]
    assert curve["steps"] == 10 and math.isfinite(curve["ms_per_step_median"])


@pytest.mark.parametrize(
    ("notebook", "prefix"), [("05_mlp_embeddings", "larger network: "), ("06_batchnorm", "final model: ")]
)
def test_course_recipes_train_as_long_and_as_wide_as_their_notebooks(notebook, prefix):
    """The benchmark's copies of the recipes use the steps and batch size the notebooks report."""
    figures = stored_results(ROOT / "notebooks" / f"{notebook}.ipynb")
    assert figures[f"{prefix}training steps"][0] == f"{course_recipes.STEPS:,}"
    assert figures[f"{prefix}batch size"][0] == f"{course_recipes.BATCH_SIZE:,}"
