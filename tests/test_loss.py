"""Tests for helpers.loss: the NLL against F.cross_entropy, the uniform baseline, and infinite loss."""

import math

import pytest
import torch
import torch.nn.functional as F

from helpers.bigram import bigram_counts, ngram_counts, normalize_rows
from helpers.dataset import context_windows
from helpers.loss import nll, softmax_nll
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


def test_softmax_nll_equals_cross_entropy_in_value_and_gradient():
    g = torch.Generator().manual_seed(0)
    logits = (3 * torch.randn(50, 27, generator=g)).requires_grad_()
    Y = torch.randint(0, 27, (50,), generator=g)
    ours = softmax_nll(logits, Y)
    (grad_ours,) = torch.autograd.grad(ours, logits)
    reference = F.cross_entropy(logits, Y)
    (grad_ref,) = torch.autograd.grad(reference, logits)
    torch.testing.assert_close(ours, reference)
    torch.testing.assert_close(grad_ours, grad_ref)


def test_softmax_nll_stays_finite_where_the_naive_softmax_overflows():
    logits = torch.tensor([[100.0, 0.0, -5.0], [0.0, 300.0, 0.0]])
    Y = torch.tensor([1, 0])
    naive = logits.exp() / logits.exp().sum(1, keepdim=True)  # exp(300) overflows float32
    assert torch.isnan(naive).any()
    torch.testing.assert_close(softmax_nll(logits, Y), F.cross_entropy(logits, Y))


def test_training_a_tiny_network_converges_to_the_count_probabilities():
    """Gradient descent on the hand-written loss reaches the bigram counts of a tiny word list."""
    words = ["ab", "ba", "aab", "bb", "abba"]
    stoi, _ = build_vocab(words)
    X, Y = context_windows(words, stoi, block_size=1)
    W = torch.zeros((3, 3), requires_grad=True)
    for _ in range(3000):
        loss = softmax_nll(W[X[:, 0]], Y)
        W.grad = None
        loss.backward()
        W.data -= 5 * W.grad
    counts = bigram_counts(words, stoi)
    seen = counts > 0
    torch.testing.assert_close(W.softmax(1)[seen], normalize_rows(counts)[seen], atol=2e-3, rtol=0)
    assert W.softmax(1)[~seen].max() < 0.01  # the never-seen '..' is driven towards 0


def test_softmax_nll_shape_errors():
    with pytest.raises(ValueError, match="logits must be"):
        softmax_nll(torch.zeros(4, 3), torch.zeros(5, dtype=torch.long))
