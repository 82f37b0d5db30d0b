"""Tests for helpers.vocab: the index layout, round trips, and unknown characters."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from helpers.vocab import build_vocab, decode, encode

names = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12), min_size=1)


def test_build_vocab_dot_is_zero_then_sorted_characters():
    stoi, itos = build_vocab(["emma", "zoe", "ava"])
    assert list(stoi.items()) == [(".", 0), ("a", 1), ("e", 2), ("m", 3), ("o", 4), ("v", 5), ("z", 6)]
    assert itos == {i: c for c, i in stoi.items()}


@given(names)
def test_stoi_and_itos_are_inverse_and_contiguous(words):
    stoi, itos = build_vocab(words)
    assert sorted(stoi.values()) == list(range(len(stoi)))
    assert all(stoi[itos[i]] == i for i in itos)


@given(names)
def test_decode_encode_round_trip(words):
    stoi, itos = build_vocab(words)
    for w in words:
        ids = encode(w, stoi)
        assert ids.dtype == torch.long and ids.shape == (len(w),)
        assert decode(ids, itos) == w
        assert decode(ids.tolist(), itos) == w


def test_encode_empty_text():
    stoi, _ = build_vocab(["ab"])
    assert encode("", stoi).shape == (0,)


@pytest.mark.parametrize(("text", "char", "pos"), [("abz", "'z'", 2), ("ä", "'ä'", 0), ("a b", "' '", 1)])
def test_encode_unknown_character(text, char, pos):
    stoi, _ = build_vocab(["ab"])
    with pytest.raises(ValueError, match=f"character {char} at position {pos} is not in the vocabulary"):
        encode(text, stoi)


def test_encode_unknown_character_in_long_text_shows_a_window():
    stoi, _ = build_vocab(["ab"])
    with pytest.raises(ValueError, match=r"cannot encode \.\.\.'[ab]{15}X[ab]{14}'\.\.\. \(length 201\)"):
        encode("ab" * 50 + "X" + "ab" * 50, stoi)


def test_decode_unknown_index():
    _, itos = build_vocab(["ab"])
    with pytest.raises(ValueError, match="cannot decode index 7: the vocabulary has indices 0..2"):
        decode([1, 7], itos)


def test_build_vocab_rejects_the_reserved_dot():
    with pytest.raises(ValueError, match="reserved for the start/end token"):
        build_vocab(["a.b"])
