"""Tests for helpers.checks: the row-stochastic check passes the right table and names each wrong one's cause."""

import pytest
import torch

from helpers.bigram import bigram_counts, normalize_rows
from helpers.checks import check_row_stochastic
from helpers.vocab import build_vocab

WORDS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper"]
STOI, _ = build_vocab(WORDS)
N = bigram_counts(WORDS, STOI)  # every character is entered as often as it is left: row sums == column sums


def test_passes_the_right_table_and_returns_it():
    P = normalize_rows(N)
    assert check_row_stochastic(P) is P
    check_row_stochastic(normalize_rows(torch.ones(2, 3, 4)))  # rows of a 3-D table: its last dimension


@pytest.mark.parametrize(
    ("wrong", "message"),
    [
        (N / N.sum(1), "columns sum to 1 instead.*keepdim=True"),  # the keepdim bug
        (N / N.sum(0, keepdim=True), "columns sum to 1 instead"),  # summed over the wrong dimension
        (N.float(), "whole numbers, like counts"),  # never normalised
        (normalize_rows(N) * 0.5, "every row sums to 0.5"),  # scaled by one number
        (normalize_rows(N).log(), "negative entries.*logits or log-probabilities"),  # log-probabilities
        (N.float() / N.float().sum(1, keepdim=True) * torch.rand(1, len(STOI)), "normalise each row by its own"),
    ],
)
def test_fires_on_each_wrong_variant_with_its_likely_cause(wrong, message):
    assert (N.sum(1) == 1).any()  # one character occurs once: its row of counts sums to 1 like a distribution
    with pytest.raises(ValueError, match=f"P is not row-stochastic: .*rows .*{message}"):
        check_row_stochastic(wrong)


def test_names_the_rows_that_are_off():
    P = torch.tensor([[0.5, 0.5], [0.5, 0.6], [0.2, 0.2]])
    with pytest.raises(ValueError, match=r"2 of 3 rows do not sum to 1: 1 \(sum 1\.1000\), 2 \(sum 0\.4000\)\."):
        check_row_stochastic(P)


def test_lists_five_rows_then_counts_the_rest():
    with pytest.raises(ValueError, match=r"8 of 8 rows .*4 \(sum 0\.5000\) and 3 more"):
        check_row_stochastic(torch.full((8, 2), 0.25))


def test_names_rows_of_a_3d_table_by_their_index_pair():
    P = normalize_rows(torch.ones(2, 2, 2))
    P[1, 0] = torch.tensor([0.3, 0.3])
    with pytest.raises(ValueError, match=r"1 of 4 rows do not sum to 1: \(1, 0\) \(sum 0\.6000\)"):
        check_row_stochastic(P, name="P3")


def test_nan_rows_point_to_zero_totals():
    with pytest.raises(ValueError, match="1 of 2 rows contain NaN.*0/0.*smoothing"):
        check_row_stochastic(torch.tensor([[1, 1], [0, 0]]) / torch.tensor([[2], [0]]))


def test_integer_tables_and_empty_tables():
    with pytest.raises(ValueError, match="holds torch.int64 values.*integer counts"):
        check_row_stochastic(N)
    with pytest.raises(ValueError, match="must have rows"):
        check_row_stochastic(torch.empty(3, 0))


def test_tolerance():
    P = torch.tensor([[0.5, 0.50001]])
    check_row_stochastic(P)
    with pytest.raises(ValueError):
        check_row_stochastic(P, atol=1e-6)
