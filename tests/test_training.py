"""Tests for helpers.training: the sweep's steps are plain SGD steps; split_loss equals F.cross_entropy."""

import pytest
import torch
import torch.nn.functional as F

from helpers.mlp import init_mlp, mlp_logits
from helpers.training import lr_sweep, split_loss

G = torch.Generator().manual_seed(0)
X = torch.randint(0, 27, (500, 3), generator=G)
Y = torch.randint(0, 27, (500,), generator=G)


def fresh(seed=1):
    return init_mlp(27, 3, 4, 16, generator=torch.Generator().manual_seed(seed), scaled=True)


def test_split_loss_equals_cross_entropy_across_chunks_without_gradients():
    params = fresh()
    expected = F.cross_entropy(mlp_logits(params, X), Y).item()
    for chunk_size in (7, 100, 500, 10_000):
        assert split_loss(lambda x: mlp_logits(params, x), X, Y, chunk_size=chunk_size) == pytest.approx(expected)
    assert all(p.grad is None for p in params.values())


def test_split_loss_errors():
    with pytest.raises(ValueError, match="same, non-zero number of examples"):
        split_loss(lambda x: x, X, Y[:10])


def test_one_sweep_step_is_one_sgd_step():
    params, reference = fresh(), fresh()
    lr = 0.3
    losses = lr_sweep(
        params.values(),
        lambda x: mlp_logits(params, x),
        X,
        Y,
        [lr],
        batch_size=32,
        generator=torch.Generator().manual_seed(5),
    )
    ix = torch.randint(0, len(X), (32,), generator=torch.Generator().manual_seed(5))
    loss = F.cross_entropy(mlp_logits(reference, X[ix]), Y[ix])
    loss.backward()
    assert losses == [loss.item()]
    for name, p in params.items():
        torch.testing.assert_close(p.detach(), (reference[name] - lr * reference[name].grad).detach())


def test_sweep_is_reproducible_and_finds_a_falling_then_exploding_loss():
    runs = []
    for _ in range(2):
        params = fresh()
        rates = (10 ** torch.linspace(-2, 2.5, 300)).tolist()
        runs.append(
            lr_sweep(
                params.values(),
                lambda x, p=params: mlp_logits(p, x),
                X,
                Y,
                rates,
                batch_size=64,
                generator=torch.Generator().manual_seed(3),
            )
        )
    assert runs[0] == runs[1]
    losses = torch.tensor(runs[0])
    assert losses[150:200].mean() < losses[:20].mean()  # useful rates lower the loss
    assert not torch.isfinite(losses[-20:]).all() or losses[-20:].mean() > losses[150:200].mean()  # too large: worse
