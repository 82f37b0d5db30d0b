"""Tests for helpers.dataset: context windows against the naive loop, padding, splits."""

from collections import Counter

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from helpers.dataset import context_windows, split_words
from helpers.vocab import build_vocab

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
STOI, _ = build_vocab([ALPHABET])
word_lists = st.lists(st.text(alphabet=ALPHABET, max_size=9), max_size=20)


def naive_windows(words, stoi, block_size):
    """The lecture's loop: slide a window of block_size characters along each padded word."""
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            X.append(context)
            Y.append(stoi[ch])
            context = context[1:] + [stoi[ch]]
    return torch.tensor(X, dtype=torch.long).view(-1, block_size), torch.tensor(Y, dtype=torch.long)


@given(word_lists, st.integers(1, 8))
def test_context_windows_equal_the_naive_loop(words, block_size):
    X, Y = context_windows(words, STOI, block_size)
    X_ref, Y_ref = naive_windows(words, STOI, block_size)
    assert torch.equal(X, X_ref) and torch.equal(Y, Y_ref)


@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=9), min_size=1, max_size=20), st.integers(1, 8))
def test_first_context_of_every_word_is_all_dots(words, block_size):
    X, Y = context_windows(words, STOI, block_size)
    firsts = torch.cumsum(torch.tensor([0] + [len(w) + 1 for w in words[:-1]]), 0)
    assert X.shape == (sum(len(w) + 1 for w in words), block_size) and X.dtype == torch.long
    assert (X[firsts] == 0).all()
    assert (Y == 0).sum() == len(words)  # each word ends exactly once


def test_context_windows_errors():
    with pytest.raises(ValueError, match="block_size must be at least 1"):
        context_windows(["ab"], STOI, 0)
    with pytest.raises(ValueError, match="reserved for the start/end token"):
        context_windows(["a.b"], STOI, 2)


WORDS = [f"{a}{b}" for a in ALPHABET for b in ALPHABET[:10]]  # 260 distinct words


def test_split_sizes_and_cover():
    train, dev, test = split_words(WORDS, generator=torch.Generator().manual_seed(0))
    assert (len(train), len(dev), len(test)) == (208, 26, 26)
    assert Counter(train + dev + test) == Counter(WORDS)  # nothing lost, nothing duplicated


def test_split_is_reproducible_and_shuffled():
    first = split_words(WORDS, generator=torch.Generator().manual_seed(42))
    assert first == split_words(WORDS, generator=torch.Generator().manual_seed(42))
    assert first != split_words(WORDS, generator=torch.Generator().manual_seed(43))
    assert first[0] != WORDS[: len(first[0])]


def test_split_matches_the_lectures_cut_points():
    """int(0.8 * n) and int(0.9 * n), as the lecture cuts its shuffled list."""
    words = [str(i) for i in range(32033)]
    train, dev, test = split_words(words, generator=torch.Generator().manual_seed(0))
    assert (len(train), len(train) + len(dev)) == (int(0.8 * 32033), int(0.9 * 32033))


def test_split_says_which_part_would_be_empty_before_drawing_anything():
    generator = torch.Generator().manual_seed(0)
    state = generator.get_state()
    with pytest.raises(ValueError, match=r"5 words split \(0\.8, 0\.1, 0\.1\) leave part 2 \(fraction 0\.1\) empty"):
        split_words(WORDS[:5], generator=generator)
    assert torch.equal(generator.get_state(), state)  # nothing drawn
    assert [len(p) for p in split_words(WORDS[:10], generator=generator)] == [8, 1, 1]
    assert [len(p) for p in split_words(WORDS[:5], (1.0, 0.0), generator=generator)] == [5, 0]  # asked for


@pytest.mark.parametrize("fractions", [(0.8, 0.1), (0.5, 0.6, -0.1), ()])
def test_split_rejects_bad_fractions(fractions):
    with pytest.raises(ValueError, match="fractions must be non-negative and sum to 1"):
        split_words(WORDS, fractions, generator=torch.Generator())
