"""Figures the notebooks show. Every function returns a matplotlib Figure; the notebook shows it.

Used in: 01_counting onwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullFormatter

from helpers.diagnostics import tensor_stats


def sqrt_scale(vmax: float) -> PowerNorm:
    """Return the square-root colour scale from 0 to `vmax` that the heatmaps share.

    Small values get more of the colour range than on a linear scale, so the many small entries of a count or
    probability table stay visible beside the few large ones. Used by `bigram_heatmap` and `heatmaps`.

    >>> round(float(sqrt_scale(100)(25)), 4)  # 25 is a quarter of the way to 100, but half of the colours
    0.5
    """
    return PowerNorm(gamma=0.5, vmin=0, vmax=vmax if vmax > 0 else 1)


def bigram_heatmap(counts: torch.Tensor, itos: Mapping[int, str], *, fontsize: float = 9) -> Figure:
    """Return a heatmap of the (V, V) bigram counts, every cell labelled with its bigram and its count.

    Rows are the current character, columns the next one. The colour scale is square-root, so that the many
    small counts stay visible beside the few large ones; labels turn white on dark cells.
    """
    V = counts.shape[0]
    if counts.shape != (V, V) or len(itos) != V:
        raise ValueError(f"counts must be square and match the {len(itos)} characters; got {tuple(counts.shape)}")
    N = counts.detach().cpu()
    norm = sqrt_scale(int(N.max()))
    fig, ax = plt.subplots(figsize=(16, 16.6), layout="constrained")
    image = ax.imshow(N.numpy(), cmap="Blues", norm=norm)
    for i in range(V):
        for j in range(V):
            colour = "white" if norm(N[i, j].item()) > 0.55 else "black"
            ax.text(j, i, itos[i] + itos[j], ha="center", va="bottom", color=colour, fontsize=fontsize)
            ax.text(j, i, f"{N[i, j].item()}", ha="center", va="top", color=colour, fontsize=fontsize)
    chars = [itos[i] for i in range(V)]
    ax.set_xticks(range(V), chars, fontsize=11)
    ax.set_yticks(range(V), chars, fontsize=11)
    ax.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False, length=0)
    ax.set_xlabel("next character", fontsize=12)
    ax.xaxis.set_label_position("top")
    ax.set_ylabel("current character", fontsize=12)
    bar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.6, pad=0.01, aspect=50)
    bar.set_label("count (square-root colour scale)", fontsize=11)
    return fig


def heatmaps(panels: Mapping[str, torch.Tensor], itos: Mapping[int, str], *, size: float = 5.5) -> Figure:
    """Return one row of (V, V) heatmaps, one per `panels` entry (title -> matrix), each with its colour bar.

    Rows and columns are labelled with the characters, as in `bigram_heatmap`, and the colours follow the same
    square-root scale (`sqrt_scale`), from 0 to each panel's largest entry. Used in: 04_neural_bigram.
    """
    V = len(itos)
    for title, M in panels.items():
        if M.shape != (V, V):
            raise ValueError(f"panel {title!r} must be ({V}, {V}) to match the characters; got {tuple(M.shape)}")
        if (M < 0).any():
            raise ValueError(f"panel {title!r} has negative entries; the square-root colour scale starts at 0")
    fig, axes = plt.subplots(1, len(panels), figsize=(size * len(panels), size), layout="constrained", squeeze=False)
    chars = [itos[i] for i in range(V)]
    for ax, (title, M) in zip(axes[0], panels.items(), strict=True):
        values = M.detach().cpu()
        image = ax.imshow(values.numpy(), cmap="Blues", norm=sqrt_scale(float(values.max())))
        ax.set_xticks(range(V), chars, fontsize=8)
        ax.set_yticks(range(V), chars, fontsize=8)
        ax.set_xlabel("next character")
        ax.set_ylabel("current character")
        ax.set_title(title)
        fig.colorbar(image, ax=ax, shrink=0.8).set_label("square-root colour scale")
    return fig


def embedding_scatter(C: torch.Tensor, itos: Mapping[int, str], *, highlight: str = "aeiouy") -> Figure:
    """Return a scatter plot of a 2-D embedding table C (V, 2), each point labelled with its character.

    Characters in `highlight` (the vowels, by default) are drawn in a second colour. Used in: 05_mlp_embeddings.
    """
    if C.dim() != 2 or C.shape != (len(itos), 2):
        raise ValueError(f"C must be ({len(itos)}, 2): one 2-D vector per character; got {tuple(C.shape)}")
    points = C.detach().cpu()
    fig, ax = plt.subplots(figsize=(7, 7), layout="constrained")
    for i, (x, y) in enumerate(points.tolist()):
        ch = itos[i]
        colour = "tab:orange" if ch in highlight else ("tab:gray" if ch == "." else "tab:blue")
        ax.scatter(x, y, s=420, color=colour, alpha=0.85)
        ax.text(x, y, ch, ha="center", va="center", color="white", fontsize=12, fontweight="bold")
    ax.set_xlabel("embedding dimension 0")
    ax.set_ylabel("embedding dimension 1")
    ax.grid(alpha=0.3)
    return fig


def histograms(
    values: Mapping[str, torch.Tensor],
    *,
    ax: Axes | None = None,
    title: str = "",
    xlabel: str = "value",
    saturation: float | None = None,
    bins: int = 60,
) -> Figure:
    """Return a figure with one density curve per tensor (name -> values), each labelled with its statistics.

    With `saturation`, the label also gives the fraction of |values| above it. The y-axis starts at 0 and the
    legend sits to the right of the axes, off the data. Draws into `ax` if given. Used in: 06_batchnorm.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.5), layout="constrained")
    for name, t in values.items():
        stats = tensor_stats(t, saturation=saturation)
        density, edges = torch.histogram(t.detach().float().flatten().cpu(), bins=bins, density=True)
        label = f"{name}: mean {stats['mean']:+.2f}, std {stats['std']:.2g}"
        if saturation is not None:
            label += f", saturated {stats['saturated']:.1%}"
        ax.plot(((edges[:-1] + edges[1:]) / 2).numpy(), density.numpy(), label=label)
    top = max(float(line.get_ydata().max()) for line in ax.get_lines())  # axes shared with others keep their top
    ax.set_ylim(0, max(top * 1.05, ax.get_ylim()[1]))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density")
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return ax.figure


def ratio_history(
    history: Sequence[Sequence[float]],
    names: Sequence[str],
    *,
    ax: Axes | None = None,
    guide: float = -3.0,
    title: str = "",
) -> Figure:
    """Return a figure of one curve per parameter over training steps (history[step][parameter]).

    A dashed line marks `guide`, the healthy log10 update-to-data ratio. Used in: 06_batchnorm.
    """
    H = torch.tensor(history)  # (steps, parameters)
    if H.dim() != 2 or H.shape[1] != len(names):
        raise ValueError(f"history must be (steps, {len(names)}) to match the names; got {tuple(H.shape)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.5), layout="constrained")
    for j, name in enumerate(names):
        ax.plot(H[:, j].numpy(), label=name)
    ax.axhline(guide, color="black", ls="--", label=f"guide: 10^{guide:g}")
    ax.set_xlabel("training step")
    ax.set_ylabel("log10(update / data)")
    ax.set_title(title)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    return ax.figure


def diagnostics_figure(runs: Mapping[str, Mapping[str, object]], *, saturation: float) -> Figure:
    """Return the four diagnostic views of each run (title -> run), one column per run, shared axes per row.

    A run holds, for its network's last training step: "activations" and "gradients" (a tensor per tanh layer),
    "grad_to_data" (std(grad) / std(weight) per weight matrix), "ratios" (log10 update-to-data ratios, per
    step and weight matrix) and "lr". Rows: activation histograms with the share above `saturation`, gradient
    histograms, gradient-to-weight ratios on a log axis, update-to-data ratios over training. Used in:
    06_batchnorm.
    """
    fig, axes = plt.subplots(4, len(runs), figsize=(9 * len(runs), 15), sharex="row", sharey="row",
                             layout="constrained", squeeze=False)
    for col, (title, run) in enumerate(runs.items()):
        layers = [f"tanh {i + 1}" for i in range(len(run["activations"]))]
        names = [f"Linear {i + 1}" for i in range(len(run["grad_to_data"]))]
        histograms(dict(zip(layers, run["activations"], strict=True)), ax=axes[0, col], saturation=saturation,
                   title=f"{title}\n1. activations of each tanh layer", xlabel="activation")
        histograms(dict(zip(layers, run["gradients"], strict=True)), ax=axes[1, col],
                   title="2. gradients at each tanh layer", xlabel="gradient")
        ax = axes[2, col]
        ax.plot(names, run["grad_to_data"], "o", ms=9)
        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))  # ticks at 0.01, 0.02, 0.05, 0.1, ...
        ax.yaxis.set_major_formatter("{x:g}")
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel("std(grad) / std(weight)")
        ax.set_title("3. gradient relative to weight, each weight matrix")
        ax.grid(alpha=0.3)
        ratio_history(run["ratios"], names, ax=axes[3, col], title=f"4. update-to-data ratio, log10 (lr {run['lr']})")
    return fig
