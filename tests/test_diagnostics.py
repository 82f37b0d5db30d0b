"""Tests for helpers.diagnostics (on tensors with known statistics) and the plots that draw them."""

import math

import matplotlib.pyplot as plt
import pytest
import torch

from helpers.diagnostics import grad_to_data, tensor_stats, update_to_data
from helpers.plots import histograms, ratio_history


def test_stats_of_a_standard_normal_sample():
    stats = tensor_stats(torch.randn(200_000, generator=torch.Generator().manual_seed(0)))
    assert stats["mean"] == pytest.approx(0, abs=0.01) and stats["std"] == pytest.approx(1, abs=0.01)
    assert "saturated" not in stats


def test_saturation_of_a_uniform_sample_is_the_tail_fraction():
    uniform = torch.rand(200_000, generator=torch.Generator().manual_seed(0)) * 2 - 1  # U(-1, 1)
    assert tensor_stats(uniform, saturation=0.97)["saturated"] == pytest.approx(0.03, abs=0.002)
    saturated_tanh = torch.tanh(10 * torch.randn(200_000, generator=torch.Generator().manual_seed(1)))
    expected = math.erfc(math.atanh(0.97) / 10 / math.sqrt(2))  # P(|10 z| > atanh(0.97)) for z ~ N(0, 1)
    assert tensor_stats(saturated_tanh, saturation=0.97)["saturated"] == pytest.approx(expected, abs=0.005)


def with_grad(data, grad):
    p = torch.tensor(data, requires_grad=True)
    p.grad = torch.tensor(grad)
    return p


def test_ratios_on_known_values():
    p = with_grad([1.0, -1.0, 1.0, -1.0], [0.01, -0.01, 0.01, -0.01])  # std(grad) = std(data) / 100
    q = with_grad([2.0, -2.0, 2.0, -2.0], [1.0, 1.0, -1.0, -1.0])  # std(grad) = std(data) / 2
    assert grad_to_data([p, q]) == pytest.approx([0.01, 0.5])
    assert update_to_data([p, q], lr=0.1) == pytest.approx([math.log10(0.001), math.log10(0.05)])


def test_histograms_one_labelled_curve_per_tensor():
    values = {"layer 1": torch.tanh(torch.randn(1000)), "layer 2": torch.tanh(3 * torch.randn(1000))}
    fig = histograms(values, title="activations", saturation=0.97)
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert len(labels) == 2 and labels[0].startswith("layer 1: mean") and "saturated" in labels[1]
    plt.close(fig)


def test_ratio_history_draws_each_parameter_and_the_guide():
    fig = ratio_history([[-3.1, -2.0], [-3.0, -2.5], [-2.9, -2.6]], ["W1", "W2"], title="updates")
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["W1", "W2", "guide: 10^-3"]
    assert list(lines[2].get_ydata()) == [-3.0, -3.0]
    plt.close(fig)
    with pytest.raises(ValueError, match=r"history must be \(steps, 2\)"):
        ratio_history([[1.0, 2.0, 3.0]], ["W1", "W2"])
