"""Tests for helpers.mlp: parameters (shapes, reproducibility, the lecture's draw order, scaling), the forward pass."""

import math

import pytest
import torch
import torch.nn.functional as F

from helpers.mlp import init_mlp, mlp_logits

SIZES = {"vocab_size": 27, "block_size": 3, "n_embd": 10, "n_hidden": 200}


def test_shapes_and_gradients():
    params = init_mlp(**SIZES, generator=torch.Generator().manual_seed(0))
    shapes = {name: tuple(p.shape) for name, p in params.items()}
    assert shapes == {"C": (27, 10), "W1": (30, 200), "b1": (200,), "W2": (200, 27), "b2": (27,)}
    assert all(p.requires_grad and p.is_leaf for p in params.values())
    assert sum(p.nelement() for p in params.values()) == 11_897  # the lecture's parameter count


def test_same_seed_same_parameters_drawn_in_the_lectures_order():
    params = init_mlp(**SIZES, generator=torch.Generator().manual_seed(2147483647))
    again = init_mlp(**SIZES, generator=torch.Generator().manual_seed(2147483647))
    g = torch.Generator().manual_seed(2147483647)
    lecture = [torch.randn(s, generator=g) for s in ((27, 10), (30, 200), (200,), (200, 27), (27,))]
    for p, q, r in zip(params.values(), again.values(), lecture, strict=True):
        assert torch.equal(p, q) and torch.equal(p.detach(), r)


def test_scaled_init_starts_near_a_uniform_guess_and_out_of_saturation():
    g = torch.Generator().manual_seed(0)
    X = torch.randint(0, 27, (2000, 3), generator=g)
    Y = torch.randint(0, 27, (2000,), generator=g)
    plain = init_mlp(**SIZES, generator=torch.Generator().manual_seed(1))
    scaled = init_mlp(**SIZES, generator=torch.Generator().manual_seed(1), scaled=True)
    with torch.no_grad():
        assert F.cross_entropy(mlp_logits(plain, X), Y) > 10  # confidently wrong
        assert abs(F.cross_entropy(mlp_logits(scaled, X), Y).item() - math.log(27)) < 0.05
        saturated = {}
        for name, params in (("plain", plain), ("scaled", scaled)):
            pre = params["C"][X].view(2000, -1) @ params["W1"] + params["b1"]  # (2000, 200) tanh inputs
            saturated[name] = (pre.tanh().abs() > 0.99).float().mean().item()
            if name == "scaled":
                assert 1.2 < pre.std() < 2.2  # about the tanh gain 5/3, not sqrt(30) as with plain N(0, 1)
        assert saturated["plain"] > 0.5 and saturated["scaled"] < 0.2


def test_forward_equals_one_hot_and_concatenation_by_hand():
    params = init_mlp(**SIZES, generator=torch.Generator().manual_seed(0))
    X = torch.randint(0, 27, (8, 3), generator=torch.Generator().manual_seed(1))
    one_hot = F.one_hot(X, 27).float() @ params["C"]  # (8, 3, 10) embedding as a one-hot product
    concat = torch.cat(torch.unbind(one_hot, 1), 1)  # (8, 30)
    expected = torch.tanh(concat @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    torch.testing.assert_close(mlp_logits(params, X), expected)


def test_errors():
    params = init_mlp(**SIZES, generator=torch.Generator())
    with pytest.raises(ValueError, match=r"X must be \(B, 3\) contexts"):
        mlp_logits(params, torch.zeros(4, 5, dtype=torch.long))
    with pytest.raises(ValueError, match="n_hidden must be a positive integer"):
        init_mlp(27, 3, 10, 0, generator=torch.Generator())
