"""Tests for helpers.plots: the heatmap labels every cell, legibly, and returns a figure."""

import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure

from helpers.plots import bigram_heatmap, diagnostics_figure, embedding_scatter, heatmaps, histograms, sqrt_scale
from helpers.vocab import build_vocab

STOI, ITOS = build_vocab(["abcdefghijklmnopqrstuvwxyz"])


@pytest.fixture
def heatmap():
    counts = torch.randint(0, 10_000, (27, 27), generator=torch.Generator().manual_seed(0))
    counts[0, 0] = 9_999  # the widest label the names data can need (its largest count is 6,763)
    fig = bigram_heatmap(counts, ITOS)
    yield fig, counts
    plt.close(fig)


def test_heatmap_labels_every_cell_with_bigram_and_count(heatmap):
    fig, counts = heatmap
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = {(round(t.get_position()[1]), round(t.get_position()[0]), t.get_text()) for t in ax.texts}
    for i in range(27):
        for j in range(27):
            assert (i, j, ITOS[i] + ITOS[j]) in labels
            assert (i, j, str(counts[i, j].item())) in labels
    assert len(ax.texts) == 2 * 27 * 27


def test_heatmap_labels_are_legible_at_native_size(heatmap):
    """Every label is at least 8 pt (11 px at 100 dpi) and fits inside its cell without overlapping the next."""
    fig, _ = heatmap
    ax = fig.axes[0]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (1, 1)])
    cell_w, cell_h = abs(x1 - x0), abs(y1 - y0)
    assert fig.dpi >= 100 and cell_w >= 40
    for t in ax.texts:
        box = t.get_window_extent(renderer)
        assert t.get_fontsize() >= 8
        assert box.width < 0.9 * cell_w and box.height < 0.5 * cell_h, t.get_text()


def test_heatmap_rejects_a_mismatched_table():
    with pytest.raises(ValueError, match="must be square and match the 27 characters"):
        bigram_heatmap(torch.zeros(27, 26), ITOS)


def test_heatmaps_one_labelled_panel_per_matrix():
    panels = {"counts": torch.rand(27, 27), "network": torch.rand(27, 27), "difference": torch.zeros(27, 27)}
    fig = heatmaps(panels, ITOS)
    images = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_title() for ax in images] == list(panels)
    assert [t.get_text() for t in images[0].get_xticklabels()] == [ITOS[i] for i in range(27)]
    assert len(fig.axes) == 2 * len(panels)  # each panel has its colour bar
    plt.close(fig)


def test_heatmaps_reject_a_mismatched_matrix():
    with pytest.raises(ValueError, match="panel 'b' must be"):
        heatmaps({"a": torch.zeros(27, 27), "b": torch.zeros(26, 26)}, ITOS)


def test_embedding_scatter_labels_every_character_at_its_coordinates():
    C = torch.randn(27, 2, generator=torch.Generator().manual_seed(0))
    fig = embedding_scatter(C, ITOS)
    labels = {t.get_text(): t.get_position() for t in fig.axes[0].texts}
    assert set(labels) == {ITOS[i] for i in range(27)}
    for i in range(27):
        assert labels[ITOS[i]] == pytest.approx(tuple(C[i].tolist()))
    plt.close(fig)


def test_embedding_scatter_needs_2d_vectors():
    with pytest.raises(ValueError, match=r"C must be \(27, 2\)"):
        embedding_scatter(torch.zeros(27, 3), ITOS)


def test_both_heatmaps_share_the_square_root_colour_scale():
    """A quarter of the largest value gets half of the colour range, in every panel and in the count heatmap."""
    M = torch.rand(27, 27, generator=torch.Generator().manual_seed(0))
    fig = heatmaps({"a": M, "b": 4 * M}, ITOS)
    for ax, top in zip([ax for ax in fig.axes if ax.get_images()], [M.max(), 4 * M.max()], strict=True):
        norm = ax.get_images()[0].norm
        assert isinstance(norm, PowerNorm) and norm.vmin == 0 and norm.vmax == pytest.approx(top.item())
        assert norm(top.item() / 4) == pytest.approx(0.5)
    plt.close(fig)
    fig = bigram_heatmap(torch.full((27, 27), 100), ITOS)
    assert fig.axes[0].get_images()[0].norm(25) == pytest.approx(0.5)
    plt.close(fig)


def test_sqrt_scale_of_an_all_zero_table_still_has_a_range():
    assert sqrt_scale(0).vmax == 1


def test_heatmaps_reject_negative_entries():
    with pytest.raises(ValueError, match="panel 'diff' has negative entries"):
        heatmaps({"diff": -torch.ones(27, 27)}, ITOS)


def test_histograms_label_both_axes_start_at_zero_and_keep_the_legend_off_the_data():
    a = torch.randn(1000, generator=torch.Generator().manual_seed(0))
    b = torch.rand(1000, generator=torch.Generator().manual_seed(1)) * 2 - 1
    values = {"a": a, "b": b}
    fig = histograms(values, xlabel="activation", saturation=0.97)
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("activation", "density")
    assert ax.get_ylim()[0] == 0
    legend = ax.get_legend()
    assert [t.get_text().split(":")[0] for t in legend.get_texts()] == ["a", "b"]
    assert "saturated" in legend.get_texts()[0].get_text() and legend.get_texts()[0].get_fontsize() >= 9
    fig.canvas.draw()
    assert legend.get_window_extent().x0 >= ax.get_window_extent().x1  # beside the axes, not over the curves
    plt.close(fig)


def test_histograms_on_shared_axes_show_the_tallest_curve_of_all_panels():
    fig, axes = plt.subplots(1, 2, sharey=True)
    histograms({"wide": torch.linspace(-1, 1, 1000)}, ax=axes[0])  # a low, flat curve first
    histograms({"narrow": torch.randn(1000, generator=torch.Generator().manual_seed(0)) * 0.01}, ax=axes[1])
    tallest = max(line.get_ydata().max() for ax in axes for line in ax.get_lines())
    assert axes[0].get_ylim()[0] == 0 and axes[1].get_ylim()[1] >= tallest
    plt.close(fig)


def _run(scale: float, lr: float) -> dict:
    g = torch.Generator().manual_seed(0)
    return {
        "activations": [torch.tanh(scale * torch.randn(64, 10, generator=g)) for _ in range(2)],
        "gradients": [torch.randn(64, 10, generator=g) * 1e-3 for _ in range(2)],
        "grad_to_data": [0.02, 0.05, 0.2],
        "ratios": [[-2.5, -2.4, -1.6]] * 5,
        "lr": lr,
    }


def test_diagnostics_figure_has_four_views_per_run_on_shared_axes():
    fig = diagnostics_figure({"healthy": _run(1.0, 0.1), "broken": _run(3.0, 0.1)}, saturation=0.97)
    axes = fig.axes
    assert len(axes) == 8
    grid = [[axes[2 * row + col] for col in range(2)] for row in range(4)]  # subplots are created row by row
    assert grid[0][0].get_title().startswith("healthy\n1. activations") and grid[0][1].get_title().startswith("broken")
    assert grid[2][0].get_yscale() == "log"
    assert [t.get_text() for t in grid[2][0].get_xticklabels()] == ["Linear 1", "Linear 2", "Linear 3"]
    for row in grid:  # each row compares the runs on one scale
        assert row[0].get_ylim() == row[1].get_ylim()
    saturated = [t.get_text() for t in grid[0][1].get_legend().get_texts()]
    assert all("saturated" in text for text in saturated[:2])
    assert grid[3][1].get_title() == "4. update-to-data ratio, log10 (lr 0.1)"
    plt.close(fig)


def test_diagnostics_figure_refuses_mismatched_layers():
    run = _run(1.0, 0.1)
    run["gradients"] = run["gradients"][:1]  # a gradient missing for one tanh layer
    with pytest.raises(ValueError):
        diagnostics_figure({"run": run}, saturation=0.97)
    plt.close("all")
