"""The exercises of notebook 03 (nll): the NLL of a name, a flat dev curve, a standard error.

Used in: 03_nll.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch

from helpers.exercises import Exercise, function_problem, number_problem
from helpers.questions import STOI


def _reference_nll(word: str, P: torch.Tensor) -> float:
    chs = ["."] + list(word) + ["."]
    probs = [P[STOI[a], STOI[b]].item() for a, b in zip(chs, chs[1:], strict=False)]
    return math.inf if min(probs) == 0 else -sum(math.log(p) for p in probs) / len(probs)


def _name_nll(name_nll: object, P: torch.Tensor, P1: torch.Tensor) -> str | None:
    cases = [((word, table), _reference_nll(word, table)) for word, table in
             (("emma", P1), ("andrejq", P1), ("x", P1), ("emma", P), ("andrejq", P))]
    return function_problem(name_nll, cases, name="name_nll")


nll_of_a_name = Exercise(
    "Exercise 1 (the NLL of a name)",
    checker=_name_nll,
    hints=[
        "Pad the name as section 1 does, `['.'] + list(word) + ['.']`, and take the log of `P[stoi[a], stoi[b]]` "
        "for each neighbouring pair.",
        "Use `torch.log` (it gives `-inf` for a probability of 0, where `math.log` raises), average over the "
        "pairs and negate; `.item()` turns the 0-d tensor into a float.",
    ],
    solution_code="""def name_nll(word, P):
    chs = ["."] + list(word) + ["."]
    logs = [torch.log(P[stoi[a], stoi[b]]) for a, b in zip(chs, chs[1:])]
    return -(sum(logs) / len(logs)).item()""",
    why="A name of n letters is n + 1 draws, the last one the end token; the average of their negative log "
    "probabilities is the name's NLL. Without smoothing a single unseen pair makes it infinite.",
    check_args="name_nll, P, P1",
    wrong_code="""def name_nll(word, P):
    chs = ["."] + list(word)
    logs = [torch.log(P[stoi[a], stoi[b]]) for a, b in zip(chs, chs[1:])]
    return -(sum(logs) / len(logs)).item()""",
    wrong_message="name_nll('emma', tensor of shape (27, 27)) is",
)


def _flat(smoothing: object, smoothings: Sequence[float], bi_dev: Sequence[float]) -> str | None:
    best = min(bi_dev)
    within = [s for s, d in zip(smoothings, bi_dev, strict=True) if d <= best + 0.001]
    if isinstance(smoothing, torch.Tensor) and smoothing.numel() == 1:
        smoothing = smoothing.item()
    if not isinstance(smoothing, float | int) or not any(math.isclose(smoothing, s, rel_tol=1e-6) for s in smoothings):
        return "smoothing should be one of the values in `smoothings`"
    dev = bi_dev[min(range(len(smoothings)), key=lambda i: abs(smoothings[i] - smoothing))]
    if dev > best + 0.001:
        return f"at smoothing {smoothing:.4g} the dev NLL is {dev:.4f}, more than 0.001 above the best, {best:.4f}"
    if smoothing < max(within):
        return f"smoothing {smoothing:.4g} is within 0.001 of the best, but a larger one in `smoothings` is too"
    return None


flat_dev_curve = Exercise(
    "Exercise 2 (how flat is the bottom?)",
    checker=_flat,
    hints=[
        "Compute `min(bi_dev)`, then look at every `(s, d)` in `zip(smoothings, bi_dev)`.",
        "Several smoothings lie within 0.001 of the lowest dev NLL: the question asks for the largest of them.",
    ],
    solution_code="""smoothing = max(s for s, d in zip(smoothings, bi_dev) if d <= min(bi_dev) + 0.001)""",
    why="Near its minimum the dev curve is flat: a whole range of smoothings, over a factor of ten, scores within "
    "a thousandth of the best. That is negligible next to the differences that matter (the trigram is 0.23 "
    "better than the bigram), so any smoothing in that range is as good a choice in practice.",
    check_args="smoothing, smoothings, bi_dev",
    wrong_code="""smoothing = smoothings[bi_best]""",
    wrong_message="but a larger one in `smoothings` is too",
)


def _difference_se(se_diff: object, P_bi: torch.Tensor, Xte: torch.Tensor, P3: torch.Tensor, X3te: torch.Tensor,
                   Y3te: torch.Tensor) -> str | None:
    difference = -P_bi[Xte[:, 0], Y3te].log() + P3[X3te[:, 0], X3te[:, 1], Y3te].log()  # (T,) bigram - trigram
    expected = (difference.std() / len(difference) ** 0.5).item()
    spreads = (-P_bi[Xte[:, 0], Y3te].log()).std().item(), (-P3[X3te[:, 0], X3te[:, 1], Y3te].log()).std().item()
    unpaired = math.hypot(*spreads)  # as if the two losses were independent
    if isinstance(se_diff, float | int) and math.isclose(se_diff, unpaired / len(difference) ** 0.5, rel_tol=1e-3):
        return ("se_diff treats the two losses as independent; they are not: both models are scored on the same "
                "examples. Take the difference example by example first")
    return number_problem(se_diff, expected, name="se_diff", rel=1e-3, reveal=False)


paired_difference = Exercise(
    "Exercise 3 (how sure is the trigram's lead?)",
    checker=_difference_se,
    hints=[
        "Both models predict the same test targets (section 5 made sure of that), so take, for every test "
        "example, the bigram's loss minus the trigram's loss: one tensor of differences.",
        "The standard error of the mean difference is the standard deviation of those differences divided by "
        "the square root of their number.",
    ],
    solution_code="""P_bi = normalize_rows(N_train, smoothing=bi_smoothing)  # the bigram model chosen on dev
bigram_losses = -P_bi[Xte[:, 0], Yte].log()  # (T,) each test example's loss under the bigram
trigram_losses = -P3[X3te[:, 0], X3te[:, 1], Y3te].log()  # (T,) the same examples under the trigram
difference = bigram_losses - trigram_losses  # (T,)
se_diff = (difference.std() / len(difference) ** 0.5).item()""",
    why="Scored on the same examples, the two losses move together: an example hard for one model is usually "
    "hard for the other. The differences therefore vary much less than either loss, and the standard error of "
    "the mean difference is smaller than the two separate ones would suggest: the trigram's lead of about 0.22 "
    "is dozens of standard errors, far beyond chance.",
    check_args="se_diff, P_bi, Xte, P3, X3te, Y3te",
    wrong_code="""se_diff = math.hypot(-P_bi[Xte[:, 0], Yte].log().std().item(),
                     P3[X3te[:, 0], X3te[:, 1], Y3te].log().std().item()) / len(Yte) ** 0.5""",
    wrong_message="treats the two losses as independent",
)

NOTEBOOK = "03_nll"
EXERCISES: list[Exercise] = [nll_of_a_name, flat_dev_curve, paired_difference]
# What the checks need, as the notebook has it by its exercises: the course's tests run the answers on it.
SETUP = """import math
import torch
from helpers.bigram import bigram_counts, ngram_counts, normalize_rows
from helpers.data import load_words
from helpers.dataset import context_windows, split_words
from helpers.loss import nll
from helpers.vocab import build_vocab
words = load_words()
stoi, itos = build_vocab(words)
N = bigram_counts(words, stoi)
P, P1 = normalize_rows(N), normalize_rows(N, smoothing=1)
train_words, dev_words, test_words = split_words(words, (0.8, 0.1, 0.1), generator=torch.Generator().manual_seed(42))
N_train = bigram_counts(train_words, stoi)
Xdev, Ydev = context_windows(dev_words, stoi, block_size=1)
smoothings = torch.logspace(-3, 2, 26).tolist()
bi_dev = [nll(normalize_rows(N_train, smoothing=s), Xdev, Ydev).item() for s in smoothings]
bi_best = min(range(len(smoothings)), key=bi_dev.__getitem__)
N3_train = ngram_counts(train_words, stoi, n=3)
tri_dev = [nll(normalize_rows(N3_train, smoothing=s), *context_windows(dev_words, stoi, 2)).item() for s in smoothings]
P3 = normalize_rows(N3_train, smoothing=smoothings[min(range(len(smoothings)), key=tri_dev.__getitem__)])
X3te, Y3te = context_windows(test_words, stoi, block_size=2)
Xte, Yte = context_windows(test_words, stoi, block_size=1)
bi_smoothing = smoothings[bi_best]
P_bi = normalize_rows(N_train, smoothing=bi_smoothing)"""
