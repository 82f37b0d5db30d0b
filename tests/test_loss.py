"""Tests for helpers.loss: the NLL against F.cross_entropy, the uniform baseline, and infinite loss."""

import math

import pytest
import torch
import torch.nn.functional as F

from helpers.bigram import ngram_counts, normalize_rows
from helpers.dataset import context_windows
from helpers.loss import nll
from helpers.vocab import build_vocab

WORDS = ["emma", "olivia", "ava", "isabella", "sophia", "mia"]
STOI, _ = build_vocab(WORDS)


@pytest.mark.parametrize("n", [2, 3])
def test_nll_equals_cross_entropy_on_log_probabilities(n):
    P = normalize_rows(ngram_counts(WORDS, STOI, n), smoothing=0.5)
    X, Y = context_windows(WORDS, STOI, block_size=n - 1)
    logits = P.log()[tuple(X.unbind(1))]  # (T, V) the log-probability rows the contexts select
    torch.testing.assert_close(nll(P, X, Y), F.cross_entropy(logits, Y))


def test_nll_of_the_uniform_model_is_log_v():
    X, Y = context_windows(WORDS, STOI, block_size=1)
    uniform = torch.full((len(STOI), len(STOI)), 1 / len(STOI))
    torch.testing.assert_close(nll(uniform, X[:, 0], Y), torch.tensor(math.log(len(STOI))))


def test_one_impossible_target_makes_the_loss_infinite():
    P = normalize_rows(ngram_counts(WORDS, STOI, 2))  # no smoothing: unseen bigrams get probability 0
    X, Y = context_windows(WORDS + ["mo"], STOI, block_size=1)  # 'mo' never occurs in WORDS
    assert nll(P, X, Y) == math.inf
    assert torch.isfinite(nll(normalize_rows(ngram_counts(WORDS, STOI, 2), smoothing=1), X, Y))


def test_nll_shape_errors():
    P = torch.full((3, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"needs contexts X of shape \(T, 1\)"):
        nll(P, torch.zeros(4, 2, dtype=torch.long), torch.zeros(4, dtype=torch.long))
    with pytest.raises(ValueError, match="got X"):
        nll(P, torch.zeros(4, dtype=torch.long), torch.zeros(5, dtype=torch.long))
