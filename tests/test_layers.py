"""Tests for helpers.layers against torch.nn: same outputs and gradients with copied parameters, same running
statistics, train versus eval, and BatchNorm folded into a Linear."""

import pytest
import torch

from helpers.layers import BatchNorm1d, Embedding, Flatten, Linear, Sequential, Tanh, fold_batchnorm


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


def requires_grad(layer):
    for p in layer.parameters():
        p.requires_grad_()
    return layer


def test_linear_equals_torch_linear_in_outputs_and_gradients():
    ours = requires_grad(Linear(6, 4, generator=gen()))
    with torch.no_grad():
        ours.bias += torch.randn(4, generator=gen(1))
    ref = torch.nn.Linear(6, 4)
    with torch.no_grad():
        ref.weight.copy_(ours.weight.T)  # torch stores (out, in)
        ref.bias.copy_(ours.bias)
    x = torch.randn(5, 6, generator=gen(2), requires_grad=True)
    x_ref = x.detach().clone().requires_grad_()
    torch.testing.assert_close(ours(x), ref(x_ref))
    ours(x).square().sum().backward()
    ref(x_ref).square().sum().backward()
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad.T)
    torch.testing.assert_close(ours.bias.grad, ref.bias.grad)
    torch.testing.assert_close(x.grad, x_ref.grad)


def test_linear_init_is_kaiming():
    layer = Linear(400, 300, generator=gen(), gain=5 / 3, bias=False)
    assert layer.weight.std().item() == pytest.approx((5 / 3) / 400**0.5, rel=0.02)
    assert layer.parameters() == [layer.weight]


@pytest.mark.parametrize(
    ("make", "draw"),
    [
        (
            lambda g: Linear(30, 20, generator=g, gain=5 / 3),
            lambda g: torch.randn((30, 20), generator=g) * (5 / 3) / 30**0.5,
        ),
        (lambda g: Embedding(27, 10, generator=g), lambda g: torch.randn((27, 10), generator=g)),
    ],
    ids=["Linear", "Embedding"],
)
def test_initial_weights_come_from_the_given_generator_only(make, draw):
    global_state = torch.get_rng_state()
    layer = make(gen(7))
    assert torch.equal(layer.weight, make(gen(7)).weight)  # the same seed, the same weights
    assert torch.equal(layer.weight, draw(gen(7)))  # drawn from that generator, nothing else
    assert not torch.equal(layer.weight, make(gen(8)).weight)
    assert torch.equal(torch.get_rng_state(), global_state)  # the global generator untouched


def test_batchnorm_running_statistics_carry_no_gradient_history():
    bn = requires_grad(BatchNorm1d(3))
    linear = requires_grad(Linear(4, 3, generator=gen()))
    for step in range(2):  # a second backward would fail if the running statistics were part of the graph
        bn(linear(torch.randn(8, 4, generator=gen(step)))).square().sum().backward()
    for stat in (bn.running_mean, bn.running_var):
        assert stat.grad_fn is None and not stat.requires_grad


def make_pair(dim=3, momentum=0.1):
    ours = requires_grad(BatchNorm1d(dim, momentum=momentum))
    with torch.no_grad():
        ours.weight.copy_(torch.tensor([1.5, 0.5, 2.0][:dim]))
        ours.bias.copy_(torch.tensor([0.1, -0.2, 0.3][:dim]))
    ref = torch.nn.BatchNorm1d(dim, momentum=momentum)
    with torch.no_grad():
        ref.weight.copy_(ours.weight)
        ref.bias.copy_(ours.bias)
    return ours, ref


def test_batchnorm_training_equals_torch_in_outputs_gradients_and_running_statistics():
    ours, ref = make_pair()
    for step in range(4):
        x = (3 * torch.randn(8, 3, generator=gen(step)) + 2).requires_grad_()
        x_ref = x.detach().clone().requires_grad_()
        out, out_ref = ours(x), ref(x_ref)
        torch.testing.assert_close(out, out_ref)
        (out * torch.arange(24.0).view(8, 3)).sum().backward()
        (out_ref * torch.arange(24.0).view(8, 3)).sum().backward()
        torch.testing.assert_close(x.grad, x_ref.grad)
        torch.testing.assert_close(ours.running_mean, ref.running_mean)
        torch.testing.assert_close(ours.running_var, ref.running_var)  # updated with the unbiased variance
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad)
    torch.testing.assert_close(ours.bias.grad, ref.bias.grad)


def test_batchnorm_eval_uses_running_statistics_like_torch():
    ours, ref = make_pair(momentum=0.5)
    for step in range(3):
        x = torch.randn(16, 3, generator=gen(step)) * 2 - 1
        ours(x)
        ref(x)
    ours.training = False
    ref.eval()
    x = torch.randn(4, 3, generator=gen(9))
    torch.testing.assert_close(ours(x), ref(x))
    assert not torch.equal(ours(x), ours(x[:1]).expand(4, 3))  # eval: each example on its own
    assert torch.equal(ours(x)[:1], ours(x[:1]))


def test_embedding_equals_torch_embedding():
    ours = requires_grad(Embedding(27, 5, generator=gen()))
    ref = torch.nn.Embedding(27, 5)
    with torch.no_grad():
        ref.weight.copy_(ours.weight)
    ix = torch.randint(0, 27, (6, 3), generator=gen(1))
    torch.testing.assert_close(ours(ix), ref(ix))
    ours(ix).sum().backward()
    ref(ix).sum().backward()
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad)


def test_flatten_concatenates_and_tanh_squashes():
    x = torch.randn(4, 3, 2, generator=gen())
    torch.testing.assert_close(Flatten()(x), torch.cat(torch.unbind(x, 1), 1))
    torch.testing.assert_close(Tanh()(x), torch.tanh(x))
    assert Flatten().parameters() == Tanh().parameters() == []


def test_sequential_composes_collects_parameters_and_switches_modes():
    layers = [
        Embedding(27, 4, generator=gen()),
        Flatten(),
        Linear(12, 8, generator=gen(1), bias=False),
        BatchNorm1d(8),
        Tanh(),
        Linear(8, 27, generator=gen(2)),
    ]
    model = Sequential(layers)
    ix = torch.randint(0, 27, (10, 3), generator=gen(3))
    expected = ix
    for layer in layers:
        expected = layer(expected)
    torch.testing.assert_close(model(ix), expected)
    assert sum(p.nelement() for p in model.parameters()) == 27 * 4 + 12 * 8 + 2 * 8 + 8 * 27 + 27
    assert model.eval() is model and layers[3].training is False
    model.train()
    assert layers[3].training is True


@pytest.mark.parametrize("bias", [True, False])
def test_folded_batchnorm_gives_the_same_outputs_in_eval_mode(bias):
    linear = Linear(6, 4, generator=gen(), bias=bias)
    bn = BatchNorm1d(4, momentum=0.3)
    with torch.no_grad():
        if bias:
            linear.bias += 0.5
        bn.weight.copy_(torch.tensor([2.0, 0.5, 1.0, 3.0]))
        bn.bias.copy_(torch.tensor([0.1, 0.2, -0.3, 0.0]))
    for step in range(5):
        bn(linear(torch.randn(32, 6, generator=gen(step)) + 1))
    bn.training = False
    x = torch.randn(7, 6, generator=gen(10))
    folded = fold_batchnorm(linear, bn)
    torch.testing.assert_close(folded(x), bn(linear(x)))
    assert folded.weight.shape == (6, 4) and folded.bias.shape == (4,)


def test_batchnorm_refuses_a_batch_of_one_in_training_like_torch():
    with pytest.raises(ValueError, match=r"a batch of 1 has no spread: call \.eval\(\)"):
        BatchNorm1d(3)(torch.ones(1, 3))
    with pytest.raises(ValueError):
        torch.nn.BatchNorm1d(3)(torch.ones(1, 3))
    bn = BatchNorm1d(3)
    bn.training = False
    assert bn(torch.ones(1, 3)).shape == (1, 3)
