"""Tests for helpers.bigram: vectorised counts against the naive loop, normalisation, sampling."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from helpers.bigram import bigram_counts, ngram_counts, normalize_rows, sample_names
from helpers.vocab import build_vocab

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
STOI, ITOS = build_vocab([ALPHABET])


def naive_counts(words, stoi):
    """The lecture's loop: one bigram at a time."""
    N = torch.zeros((len(stoi), len(stoi)), dtype=torch.long)
    for w in words:
        chs = ["."] + list(w) + ["."]
        for a, b in zip(chs, chs[1:], strict=False):
            N[stoi[a], stoi[b]] += 1
    return N


@given(st.lists(st.text(alphabet=ALPHABET, max_size=10), max_size=30))
def test_bigram_counts_equal_the_naive_loop(words):
    assert torch.equal(bigram_counts(words, STOI), naive_counts(words, STOI))


def test_bigram_counts_add_up():
    words = ["emma", "olivia", "ava"]
    stoi, _ = build_vocab(words)
    N = bigram_counts(words, stoi)
    assert N.shape == (len(stoi), len(stoi)) and N.dtype == torch.long
    assert N.sum() == sum(len(w) + 1 for w in words)  # a word of n letters has n + 1 bigrams
    assert N[0].sum() == N[:, 0].sum() == len(words)  # every word starts once and ends once


def test_bigram_counts_reject_the_reserved_dot_and_unknown_characters():
    with pytest.raises(ValueError, match="a word contains '.'"):
        bigram_counts(["a.b"], STOI)
    with pytest.raises(ValueError, match="character 'A' at position 1 is not in the vocabulary"):
        bigram_counts(["A"], STOI)


@given(st.lists(st.lists(st.integers(0, 50), min_size=3, max_size=3), min_size=1, max_size=5), st.floats(0.1, 5))
def test_normalize_rows_gives_rows_that_sum_to_one(rows, smoothing):
    P = normalize_rows(torch.tensor(rows), smoothing=smoothing)
    assert P.dtype == torch.float32 and (P > 0).all()
    torch.testing.assert_close(P.sum(1), torch.ones(len(rows)))


def test_normalize_rows_divides_rows_not_columns():
    N = torch.tensor([[1, 3], [4, 4]])  # row totals 4 and 8, column totals 5 and 7: every mix-up shows
    torch.testing.assert_close(normalize_rows(N), torch.tensor([[0.25, 0.75], [0.5, 0.5]]))


def test_normalize_rows_smoothing_is_fake_counts():
    N = torch.tensor([[0, 2, 6]])
    torch.testing.assert_close(normalize_rows(N, smoothing=1), normalize_rows(N + 1))


def test_normalize_rows_works_on_the_last_dimension_of_3d_tables():
    N = torch.arange(24).view(2, 3, 4) + 1
    torch.testing.assert_close(normalize_rows(N).sum(-1), torch.ones(2, 3))


def test_normalize_rows_errors():
    with pytest.raises(ValueError, match=r"rows \[\[1\]\] have no counts.*pass smoothing > 0"):
        normalize_rows(torch.tensor([[1, 2], [0, 0]]))
    with pytest.raises(ValueError, match="smoothing must be >= 0"):
        normalize_rows(torch.ones(2, 2), smoothing=-1)
    with pytest.raises(ValueError, match="counts must be non-negative"):
        normalize_rows(torch.tensor([[1, -1]]))


def test_sample_names_same_seed_same_names():
    P = normalize_rows(bigram_counts(["emma", "olivia", "ava", "mia"], STOI), smoothing=0.1)
    first = sample_names(P, ITOS, 20, generator=torch.Generator().manual_seed(42))
    again = sample_names(P, ITOS, 20, generator=torch.Generator().manual_seed(42))
    other = sample_names(P, ITOS, 20, generator=torch.Generator().manual_seed(43))
    assert first == again and first != other


def test_sample_names_from_a_deterministic_model():
    _, itos = build_vocab(["ab"])
    P = torch.tensor([[0.0, 1, 0], [0, 0, 1], [1, 0, 0]])  # . -> a -> b -> .
    assert sample_names(P, itos, 3, generator=torch.Generator()) == ["ab", "ab", "ab"]


def test_sample_names_only_uses_seen_bigrams():
    words = ["emma", "olivia", "ava"]
    stoi, itos = build_vocab(words)
    N = bigram_counts(words, stoi)
    names = sample_names(normalize_rows(N), itos, 50, generator=torch.Generator().manual_seed(0))
    for name in names:
        assert bigram_counts([name], stoi)[N == 0].sum() == 0  # never a bigram the words lack


def test_sample_names_refuses_a_model_whose_names_could_never_end():
    stoi, itos = build_vocab(["ab"])
    P = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])  # . -> a -> b -> a -> b ... never '.'
    with pytest.raises(ValueError, match=r"after 'a', '\.' can never be drawn.*max_len"):
        sample_names(P, itos, 1, generator=torch.Generator().manual_seed(0))
    assert sample_names(P, itos, 1, generator=torch.Generator().manual_seed(0), max_len=4) == ["abab"]


def test_sample_names_max_len_and_shape_error():
    uniform = torch.full((27, 27), 1 / 27)
    names = sample_names(uniform, ITOS, 30, generator=torch.Generator().manual_seed(0), max_len=3)
    assert max(len(n) for n in names) == 3
    with pytest.raises(ValueError, match=r"probs must have shape \(27, 27\)"):
        sample_names(torch.ones(3, 3), ITOS, 1, generator=torch.Generator())


@given(st.lists(st.text(alphabet=ALPHABET, max_size=10), max_size=30))
def test_ngram_counts_for_n_2_equal_bigram_counts(words):
    assert torch.equal(ngram_counts(words, STOI, 2), bigram_counts(words, STOI))


def naive_trigram_counts(words, stoi):
    N = torch.zeros((len(stoi),) * 3, dtype=torch.long)
    for w in words:
        chs = [".", "."] + list(w) + ["."]
        for a, b, c in zip(chs, chs[1:], chs[2:], strict=False):
            N[stoi[a], stoi[b], stoi[c]] += 1
    return N


@given(st.lists(st.text(alphabet=ALPHABET, max_size=10), max_size=30))
def test_ngram_counts_for_n_3_equal_the_naive_trigram_loop(words):
    assert torch.equal(ngram_counts(words, STOI, 3), naive_trigram_counts(words, STOI))


def test_ngram_counts_rejects_n_below_2():
    with pytest.raises(ValueError, match="n must be at least 2"):
        ngram_counts(["ab"], STOI, 1)
