"""The exercises of notebook 06 (BatchNorm): a network whose every parameter starts at 0, and BatchNorm folded
into the Linear layer before it.

Used in: 06_batchnorm.
"""

from __future__ import annotations

import copy

import torch

from helpers.exercises import Exercise, call_problem, tensor_problem
from helpers.layers import BatchNorm1d, Linear
from helpers.training import split_loss


def _named_parameters(model: object) -> list[tuple[str, torch.Tensor]]:
    """Return ("layer 3 (BatchNorm1d)'s weight", tensor) for every parameter of a Sequential, in order."""
    found = []
    for i, layer in enumerate(model.layers):
        for attr in ("weight", "bias"):
            tensor = getattr(layer, attr, None)
            if isinstance(tensor, torch.Tensor):
                found.append((f"layer {i} ({type(layer).__name__})'s {attr}", tensor))
    return found


def _zero_init(model: object, nonzero: object, loss: object, X: torch.Tensor, Y: torch.Tensor) -> str | None:
    if not hasattr(model, "layers") or not callable(model):
        return f"zero_net should be the network (a Sequential, as deep_net returns), but it is a {type(model).__name__}"
    named = _named_parameters(model)
    moved = [(name, t) for name, t in named if t.detach().abs().max() > 0]
    if not moved:
        return "every parameter of zero_net is still 0: train it (1,000 steps, as the exercise says) before measuring"
    last_bias = named[-1][0]
    others = [name for name, _ in moved if name != last_bias]
    if others:
        return (f"{others[0]} is not 0 after training. Set every parameter to 0 before training, the embedding "
                "table and BatchNorm's gains included; if you did, look at its gradient: it should be 0")
    count = sum(int((t != 0).sum()) for _, t in moved)
    if not isinstance(nonzero, int) or isinstance(nonzero, bool):
        return f"nonzero should be a whole number (an int), but it is a {type(nonzero).__name__}"
    if nonzero != count:
        return f"nonzero is {nonzero:,}, but {count:,} numbers of zero_net are not 0: count them over its parameters()"
    evaluated = copy.deepcopy(model)
    if hasattr(evaluated, "eval"):
        evaluated.eval()  # a copy, so that measuring leaves the learner's model (and its running statistics) as it was
    actual = split_loss(evaluated, X, Y)
    if isinstance(loss, torch.Tensor) and loss.numel() == 1:
        loss = loss.item()
    if not isinstance(loss, float | int) or isinstance(loss, bool):
        return f"zero_loss should be a number, but it is a {type(loss).__name__}"
    if not abs(loss - actual) <= 1e-3:  # NaN fails too
        return (f"zero_loss is {loss:.4f}, but zero_net's loss on the training examples is {actual:.4f}: measure it "
                "with split_loss(zero_net, Xtr, Ytr)")
    return None


zero_init = Exercise(
    "Exercise 1 (every parameter starts at 0)",
    checker=_zero_init,
    hints=[
        "Zero the parameters in place, without recording it for autograd: `with torch.no_grad():` then "
        "`p.zero_()` for every `p` in `zero_net.parameters()`. Then train it with section 4's `train`.",
        "After training, count the numbers that are not 0: `sum((p != 0).sum().item() for p in "
        "zero_net.parameters())`. To see which they are, print each layer's parameters that are not all 0.",
        "Every hidden layer outputs tanh(0) = 0 for every input. A weight's gradient is its input times the "
        "gradient of its output, and the gradient that flows back through a weight matrix of zeros is zero. "
        "Which parameter's gradient depends on neither?",
    ],
    solution_code="""zero_net = deep_net(batchnorm=True, gain=5 / 3)
with torch.no_grad():
    for p in zero_net.parameters():
        p.zero_()  # every weight and bias, the embedding table and BatchNorm's gains and shifts included
g = torch.Generator().manual_seed(1)
train(zero_net.parameters(), zero_net, Xtr, Ytr, steps=1_000, batch_size=32, lr=0.1, generator=g)
for i, layer in enumerate(zero_net.layers):
    for p in layer.parameters():
        if p.abs().max() > 0:
            print(f"layer {i} ({type(layer).__name__}): a parameter of shape {tuple(p.shape)} is not all 0")
nonzero = sum((p != 0).sum().item() for p in zero_net.parameters())
zero_loss = split_loss(zero_net.eval(), Xtr, Ytr)
share = torch.bincount(Ytr, minlength=27) / len(Ytr)  # (27,) how often each character comes next
print(f"loss {zero_loss:.4f}; the best a model that ignores the context can do: {-(share * share.log()).sum():.4f}")""",
    why="Only the output layer's bias trains: 27 numbers. With every weight 0, every hidden layer outputs "
    "tanh(0) = 0, whatever the input. The gradient of a layer's weights is its input times the gradient at its "
    "output, and the input of every layer after the embedding is 0; the gradient that reaches a layer from the "
    "one above passes through the weights of the layer above, which are 0. So every gradient is 0 but that of "
    "the last bias, which is `softmax(logits) - one_hot(target)` averaged over the batch. Training it alone "
    "teaches the network how often each character comes next, regardless of the context: the loss falls from "
    "ln 27 = 3.30 towards the best a model that ignores the context can do (the entropy of the characters' "
    "frequencies, printed by the solution), and can never go below it. The network trains partially, and "
    "poorly. Random initial weights are what make the neurons differ from each other and from 0.",
    check_args="zero_net, nonzero, zero_loss, Xtr, Ytr",
    wrong_code="""zero_net = deep_net(batchnorm=True, gain=5 / 3)
with torch.no_grad():
    for layer in zero_net.layers:
        if isinstance(layer, Linear):
            layer.weight.zero_()
train(zero_net.parameters(), zero_net, Xtr, Ytr, steps=1_000, batch_size=32, lr=0.1,
      generator=torch.Generator().manual_seed(1))
nonzero = sum((p != 0).sum().item() for p in zero_net.parameters())
zero_loss = split_loss(zero_net.eval(), Xtr, Ytr)""",
    wrong_message="layer 0 (Embedding)'s weight is not 0 after training",
)


def _fold(fold: object) -> str | None:
    g = torch.Generator().manual_seed(4)
    for with_bias in (False, True):  # the deep networks' Linear layers before a BatchNorm have no bias
        linear = Linear(6, 4, generator=g, bias=with_bias)
        if with_bias:
            linear.bias = torch.randn(4, generator=g)
        bn = BatchNorm1d(4)
        bn.weight, bn.bias = torch.randn(4, generator=g), torch.randn(4, generator=g)  # trained gamma, beta
        bn.running_mean, bn.running_var = torch.randn(4, generator=g), torch.rand(4, generator=g) + 0.5
        bn.training = False
        kept = [t.clone() for t in (*linear.parameters(), bn.weight, bn.bias, bn.running_mean, bn.running_var)]
        x = torch.randn((5, 6), generator=g)  # (5, 6) five inputs
        expected = bn(linear(x))  # (5, 4)
        case = "a Linear with a bias" if with_bias else "a Linear without a bias"
        folded, problem = call_problem(fold, (linear, bn), name="fold", shown=f"{case}, bn")
        if problem is not None:
            return problem
        if not isinstance(folded, Linear):
            return (f"fold({case}, bn) should return a Linear (for example Linear.from_weights(weight, bias)), but "
                    f"it returned a {type(folded).__name__}")
        now = (*linear.parameters(), bn.weight, bn.bias, bn.running_mean, bn.running_var)
        if any(not torch.equal(a, b) for a, b in zip(kept, now, strict=True)):
            return "fold changed the layers it was given: compute new tensors instead of changing these in place"
        try:
            got = folded(x)
        except Exception as err:  # the learner's layer: report, do not crash
            return f"the Linear that fold({case}, bn) returned raised {type(err).__name__} when called: {err}"
        problem = tensor_problem(got, expected.detach(), name=f"the folded layer's output, for {case}")
        if problem is not None:
            return problem
    return None


fold_bn = Exercise(
    "Exercise 2 (fold BatchNorm into the Linear before it)",
    checker=_fold,
    hints=[
        "In eval mode BatchNorm computes `(x - running_mean) / sqrt(running_var + eps) * weight + bias`: per "
        "feature, that is `x * s + t` with `s = weight / sqrt(running_var + eps)`. Find `t`.",
        "Put `x = inputs @ W + b` into `x * s + t` and sort the result into a matrix product plus a bias. A "
        "Linear without a bias has `b = 0`.",
    ],
    solution_code="""def fold(linear, bn):
    with torch.no_grad():
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)  # (out,) one factor per output feature
        bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.running_mean)
        return Linear.from_weights(linear.weight * scale, (bias - bn.running_mean) * scale + bn.bias)""",
    why="With fixed statistics BatchNorm is a per-feature scale and shift, and so is adding a bias after a matrix "
    "product, so the two merge: BN(xW + b) = (xW + b - mean) s + beta = x (W s) + ((b - mean) s + beta), with s = "
    "gamma / sqrt(var + eps). Scaling the columns of W by s scales each output feature. `torch.no_grad()` keeps "
    "the new layer out of autograd: it is for inference. This is `helpers.layers.fold_batchnorm`.",
    check_args="fold",
    wrong_code="""def fold(linear, bn):
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.running_mean)
    return Linear.from_weights(linear.weight * scale, bias - bn.running_mean + bn.bias)""",
    wrong_message="the folded layer's output, for a Linear without a bias differs from the expected values",
)

NOTEBOOK = "06_batchnorm"
EXERCISES: list[Exercise] = [zero_init, fold_bn]
# What the checks need, as the notebook has it by its exercises: the course's tests run the answers on it. The
# notebook's own `train` loop and `deep_net` are taken from it, so that the answers run on the lesson's code.
SETUP = """from pathlib import Path
import nbformat
import torch
import torch.nn.functional as F
import helpers
from helpers.data import load_words
from helpers.dataset import context_windows, split_words
from helpers.layers import BatchNorm1d, Embedding, Flatten, Linear, Sequential, Tanh
from helpers.training import split_loss
from helpers.vocab import build_vocab
words = load_words()
stoi, itos = build_vocab(words)
train_words, dev_words, test_words = split_words(words, (0.8, 0.1, 0.1), generator=torch.Generator().manual_seed(42))
Xtr, Ytr = context_windows(train_words, stoi, 3)
_notebook = Path(helpers.__file__).parents[1] / "notebooks" / "06_batchnorm.ipynb"
for _cell in nbformat.read(_notebook, as_version=4).cells:
    if _cell.source.startswith(("def train(", "def deep_net(")):
        exec(_cell.source)"""
