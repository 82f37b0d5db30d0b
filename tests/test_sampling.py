"""Tests for helpers.sampling: reproducible, equal to the bigram sampler on a bigram model, context sliding."""

import torch

from helpers.bigram import bigram_counts, normalize_rows, sample_names
from helpers.mlp import init_mlp, mlp_logits
from helpers.sampling import generate
from helpers.vocab import build_vocab

WORDS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia"]
STOI, ITOS = build_vocab(WORDS)


def test_same_seed_same_names():
    params = init_mlp(len(STOI), 3, 4, 16, generator=torch.Generator().manual_seed(0), scaled=True)

    def model(x):
        return mlp_logits(params, x)

    first = generate(model, ITOS, 10, block_size=3, generator=torch.Generator().manual_seed(7))
    assert first == generate(model, ITOS, 10, block_size=3, generator=torch.Generator().manual_seed(7))
    assert first != generate(model, ITOS, 10, block_size=3, generator=torch.Generator().manual_seed(8))


def test_a_bigram_model_gives_the_bigram_samplers_names():
    P = normalize_rows(bigram_counts(WORDS, STOI), smoothing=0.5)
    ours = generate(lambda x: P[x[:, 0]].log(), ITOS, 20, block_size=1, generator=torch.Generator().manual_seed(1))
    theirs = sample_names(P, ITOS, 20, generator=torch.Generator().manual_seed(1))
    assert ours == theirs


def test_the_context_slides_along():
    """A model that spells 'ava' from its 2-character context, whatever the generator does."""
    a, v, dot = STOI["a"], STOI["v"], STOI["."]
    nxt = {(dot, dot): a, (dot, a): v, (a, v): a, (v, a): dot}

    def model(x):
        logits = torch.full((1, len(STOI)), -1e9)
        logits[0, nxt[tuple(x[0].tolist())]] = 0.0
        return logits

    assert generate(model, ITOS, 3, block_size=2, generator=torch.Generator()) == ["ava"] * 3


def test_max_len():
    uniform = lambda x: torch.zeros((1, len(STOI)))  # noqa: E731
    names = generate(uniform, ITOS, 30, block_size=2, generator=torch.Generator().manual_seed(0), max_len=4)
    assert max(map(len, names)) == 4
