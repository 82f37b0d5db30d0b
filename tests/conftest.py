"""Shared test settings."""

import torch
from hypothesis import settings

# Shared CI machines have noisy timings (torch's first call alone can take half a second), so Hypothesis'
# per-example deadline would fail tests for reasons unrelated to correctness; derandomize keeps runs repeatable.
settings.register_profile("course", deadline=None, derandomize=True)
settings.load_profile("course")

# `make test` runs one pytest worker per core: one thread per worker keeps torch from oversubscribing them.
torch.set_num_threads(1)
