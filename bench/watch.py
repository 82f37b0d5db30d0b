"""Timing a training recipe for the benchmark: only the training steps are timed, and the dev loss is recorded
every few steps, so that we can say how long a recipe takes to reach a given loss."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from statistics import median

import torch

from helpers.data import load_words
from helpers.dataset import context_windows, split_words
from helpers.vocab import build_vocab


def splits(block_size: int) -> tuple[tuple[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]:
    """Return the (X, Y) of the train and dev splits of the notebooks (seed 42, 80/10/10)."""
    words = load_words()
    stoi, _ = build_vocab(words)
    train_words, dev_words, _ = split_words(words, generator=torch.Generator().manual_seed(42))
    return context_windows(train_words, stoi, block_size), context_windows(dev_words, stoi, block_size)


def watch(step: Callable[[int], None], steps: int, dev_loss: Callable[[], float], every: int) -> dict:
    """Run step(0), ..., step(steps - 1), timing only them; after every `every` steps record the dev loss.

    Returns the curve as points [steps done, training seconds so far, dev loss], the median milliseconds per
    step over the chunks, the total training seconds and the final dev loss.
    """
    points, seconds, per_step = [], 0.0, []
    for start in range(0, steps, every):
        stop = min(start + every, steps)
        began = time.perf_counter()
        for i in range(start, stop):
            step(i)
        chunk = time.perf_counter() - began
        seconds += chunk
        per_step.append(1000 * chunk / (stop - start))
        points.append([stop, round(seconds, 3), round(dev_loss(), 4)])
    return {
        "steps": steps,
        "ms_per_step_median": round(median(per_step), 4),
        "train_seconds": round(seconds, 2),
        "final_dev": points[-1][2],
        "points": points,
    }


def seconds_to_reach(points: list[list[float]], target: float) -> float | None:
    """Return the training seconds until the dev loss first reaches `target`, interpolated linearly between the
    recorded points (the loss before the first point counts as infinite); None if it never does."""
    previous_seconds, previous_loss = 0.0, math.inf
    for _, seconds, loss in points:
        if loss <= target:
            if math.isinf(previous_loss):
                return seconds
            fraction = (previous_loss - target) / (previous_loss - loss)
            return previous_seconds + fraction * (seconds - previous_seconds)
        previous_seconds, previous_loss = seconds, loss
    return None
