"""The exercises of notebook 04 (neural bigram): row indexing, a loss that cannot overflow, a neural trigram.

Used in: 04_neural_bigram.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch
import torch.nn.functional as F

from helpers.dataset import context_windows
from helpers.exercises import Exercise, call_problem, function_problem
from helpers.questions import ITOS


def _row_lookup(logits_of: object) -> str | None:
    g = torch.Generator().manual_seed(0)
    W = torch.randn((27, 27), generator=g)
    cases = [((W, xs), F.one_hot(xs, num_classes=27).float() @ W)
             for xs in (torch.tensor([0, 5, 13, 13, 1]), torch.randint(0, 27, (100,), generator=g),
                        torch.tensor([26]), torch.zeros(0, dtype=torch.long))]
    return function_problem(logits_of, cases, name="logits_of", labels=ITOS)  # labels: the columns, next characters


row_lookup = Exercise(
    "Exercise 1 (row indexing instead of the one-hot product)",
    checker=_row_lookup,
    hints=[
        "Section 3 showed that a one-hot row times `W` is one row of `W`. Which row?",
        "Indexing a tensor with a tensor of indices picks one row per index, all at once, in the order of the "
        "indices: no loop, and no product.",
    ],
    solution_code="""def logits_of(W, xs):
    return W[xs]  # (N, 27): row xs[i] of W for every input i, the same numbers as one_hot(xs) @ W""",
    why="A one-hot vector has a single 1, at position `x`, so its product with `W` adds up just one row of `W`, "
    "row `x`. Indexing picks those rows directly: the same numbers, exactly, with no 228,146 x 27 one-hot matrix "
    "and no multiplications.",
    check_args="logits_of",
    wrong_code="""def logits_of(W, xs):
    return W[:, xs].T""",
    wrong_message="logits_of(tensor of shape (27, 27), tensor of shape (5,)) differs",
)


def _stable_loss(loss_of: object) -> str | None:
    g = torch.Generator().manual_seed(1)
    cases = [((logits, targets), F.cross_entropy(logits, targets)) for logits, targets in (
        (torch.randn((8, 27), generator=g), torch.randint(0, 27, (8,), generator=g)),
        (torch.tensor([[100.0, 0.0, -5.0]]), torch.tensor([1])),  # a confident, wrong network: exp(100) overflows
        (torch.tensor([[-200.0, -300.0], [0.0, 0.0]]), torch.tensor([0, 1])),
    )]
    return function_problem(loss_of, cases, name="loss_of")


stable_loss = Exercise(
    "Exercise 2 (a loss that cannot overflow)",
    checker=_stable_loss,
    hints=[
        "Subtracting the same number from every logit of a row does not change its softmax. Which number makes "
        "the largest `exp` equal to 1?",
        "Stay in log space: do not take the log of a probability that may have rounded to 0.",
        "After the shift, write the log of the softmax directly (the log of a quotient is a difference), so that "
        "no probability is ever formed and rounded to 0; then pick each row's entry at its target, as notebook "
        "03 picked probabilities.",
    ],
    solution_code="""def loss_of(logits, targets):
    shifted = logits - logits.max(1, keepdim=True).values  # (N, C) the largest entry of each row is now 0
    log_probs = shifted - shifted.exp().sum(1, keepdim=True).log()  # (N, C) log softmax, no overflow
    return -log_probs[torch.arange(len(targets)), targets].mean()""",
    why="After subtracting each row's largest logit, every `exp` lies between 0 and 1, so nothing overflows, and "
    "the sum of a row is at least 1, so its log is finite. Staying in log space avoids the log of a probability "
    "that has rounded to 0. That is what `helpers.loss.softmax_nll` and `F.cross_entropy` do.",
    check_args="loss_of",
    wrong_code="""def loss_of(logits, targets):
    probs = logits.exp() / logits.exp().sum(1, keepdim=True)
    return -probs[torch.arange(len(targets)), targets].log().mean()""",
    wrong_message="loss_of(tensor of shape (1, 3), tensor of shape (1,)) is inf; expected 100",
)


def _neural_trigram(trigram_logits: object, words: Sequence[str], stoi: Mapping[str, int]) -> str | None:
    X, Y = context_windows(words, stoi, block_size=2)  # (T, 2) the two characters before each target, (T,)
    with torch.no_grad():
        logits, problem = call_problem(trigram_logits, (X,), name="trigram_logits", shown="X")
    if problem is not None:
        return problem
    if not isinstance(logits, torch.Tensor) or logits.shape != (len(Y), 27):
        shape = tuple(logits.shape) if isinstance(logits, torch.Tensor) else type(logits).__name__
        return f"trigram_logits(X) should return logits of shape ({len(Y)}, 27), one row per example; got {shape}"
    loss = F.cross_entropy(logits.float(), Y).item()
    if not loss <= 2.30:  # NaN fails too
        return (f"your network's NLL on all trigrams is {loss:.4f}: get it below 2.30. A network that adds one part "
                "per character (two one-hot vectors side by side) cannot get much below 2.34, however long it "
                "trains; one that gives each two-character context a row of its own can, in a few hundred steps")
    return None


neural_trigram = Exercise(
    "Exercise 3 (a neural trigram)",
    checker=_neural_trigram,
    hints=[
        "Two characters of context have 27 x 27 = 729 possible values: give each its own row of a weight "
        "matrix `W3` of shape (729, 27), and look up row `27 * a + b` for the context `(a, b)`.",
        "Train `W3` (starting from zeros) as section 5 trained `W`: full-batch steps on `F.cross_entropy`, "
        "learning rate 50, a few hundred steps, the update under `torch.no_grad()`.",
    ],
    solution_code="""X3, Y3 = context_windows(words, stoi, block_size=2)  # (T, 2), (T,)
W3 = torch.zeros((27 * 27, 27), requires_grad=True)  # one row of logits per two-character context


def trigram_logits(X):
    return W3[27 * X[:, 0] + X[:, 1]]  # (T, 27)


for step in range(400):
    loss = F.cross_entropy(trigram_logits(X3), Y3)
    W3.grad = None
    loss.backward()
    with torch.no_grad():
        W3 -= 50 * W3.grad
print(f"trigram network: NLL {loss.item():.4f} after 400 steps")""",
    why="A row per context is the trigram count table in disguise, as a row per character was the bigram's: "
    "trained long enough, its softmax approaches the count model's probabilities. It learns more slowly than "
    "the bigram network because each of its 729 rows sees fewer examples.",
    check_args="trigram_logits, words, stoi",
    wrong_code="""def trigram_logits(X):
    return torch.zeros((len(X), 27))""",
    wrong_message="get it below 2.30",
)

NOTEBOOK = "04_neural_bigram"
EXERCISES: list[Exercise] = [row_lookup, stable_loss, neural_trigram]
# What the checks need, as the notebook has it by its exercises: the course's tests run the answers on it.
SETUP = """import torch
import torch.nn.functional as F
from helpers.data import load_words
from helpers.dataset import context_windows
from helpers.vocab import build_vocab
words = load_words()
stoi, itos = build_vocab(words)"""
