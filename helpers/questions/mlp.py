"""The exercises of notebook 05 (MLP): the loss of a uniform guess, a start that reaches it, Bengio et al.'s
direct connections from the embeddings to the output, and a dev loss to reach within a training-time budget.

Used in: 05_mlp_embeddings.
"""

from __future__ import annotations

import math
import time

import torch
import torch.nn.functional as F

from helpers.exercises import Exercise, call_problem, function_problem, number_problem
from helpers.mlp import init_mlp, mlp_logits
from helpers.questions import ITOS
from helpers.training import lr_sweep, split_loss

SHAPES = {"C": (27, 10), "W1": (30, 200), "b1": (200,), "W2": (200, 27), "b2": (27,)}  # the lecture's network


def _uniform(guess: object) -> str | None:
    if isinstance(guess, float | int) and math.isclose(guess, 1 / 27, rel_tol=1e-3):
        return "that is the probability of each character; the loss is minus the log of the right one's probability"
    return number_problem(guess, math.log(27), name="uniform_guess_loss", rel=1e-4, reveal=False)


uniform_guess = Exercise(
    "Exercise 1 (the loss of a uniform guess)",
    checker=lambda guess: _uniform(guess),
    hints=[
        "A uniform guess gives each of the 27 characters the same probability. Which probability?",
        "The loss of one example is minus the log of the probability its target gets. With a uniform guess "
        "that is the same for every example, so the average loss is that one number too.",
    ],
    solution_code="""uniform_guess_loss = -math.log(1 / 27)  # = ln 27""",
    why="Whatever the target, a uniform guess gives it probability 1/27, so every example costs -log(1/27) = "
    "ln 27 = 3.2958. A network that starts worse than that is confidently wrong.",
    check_args="uniform_guess_loss",
    wrong_code="""uniform_guess_loss = 1 / 27""",
    wrong_message="that is the probability of each character",
)


def _start_at_uniform(init: object, Xtr: torch.Tensor, Ytr: torch.Tensor) -> str | None:
    params, problem = call_problem(init, (torch.Generator().manual_seed(0),), name="init_uniform", shown="generator")
    if problem is not None:
        return problem
    if not isinstance(params, dict) or set(params) != set(SHAPES):
        return f"init_uniform should return a dict with the keys {sorted(SHAPES)}, as init_mlp does"
    for name, shape in SHAPES.items():
        if tuple(params[name].shape) != shape:
            return f"params[{name!r}] has shape {tuple(params[name].shape)}; expected {shape}"
    if params["W1"].abs().max() == 0:
        return "all of W1 is 0: the hidden layer would ignore its input at the start; draw W1 at random"
    if not all(p.requires_grad for p in params.values()):
        return "some parameters do not require gradients, so training could not change them: call requires_grad_()"
    with torch.no_grad():
        loss = F.cross_entropy(mlp_logits(params, Xtr), Ytr).item()
    if not abs(loss - math.log(27)) <= 0.02:  # NaN fails too
        return f"the loss at initialisation is {loss:.4f}, not within 0.02 of the loss of a uniform guess"
    return None


start_at_uniform = Exercise(
    "Exercise 2 (a start at the uniform loss)",
    checker=_start_at_uniform,
    hints=[
        "The logits are `h @ W2 + b2`. If they were all (nearly) equal, the softmax would be (nearly) uniform.",
        "Keep `init_mlp`'s random hidden layer, so that the neurons differ, and make the output layer's weights "
        "tiny and its bias 0. Change them in place under `torch.no_grad()`, so that they still train.",
    ],
    solution_code="""def init_uniform(generator):
    params = init_mlp(27, 3, 10, 200, generator=generator)
    with torch.no_grad():
        params["W2"] *= 0.001  # logits near 0 ...
        params["b2"] *= 0  # ... and no preference: a near-uniform first guess
    return params""",
    why="With a tiny output layer every logit starts near 0, so the softmax is near uniform and the loss near ln "
    "27, whatever the hidden layer does. The hidden weights must stay random, so that the neurons differ.",
    check_args="init_uniform, Xtr, Ytr",
    wrong_code="""def init_uniform(generator):
    return init_mlp(27, 3, 10, 200, generator=generator)""",
    wrong_message="the loss at initialisation is",
)


def _reference_direct(params: dict[str, torch.Tensor], X: torch.Tensor) -> torch.Tensor:
    emb = params["C"][X].view(len(X), -1)  # (B, 30)
    return torch.tanh(emb @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"] + emb @ params["W3"]


def _direct(direct_logits: object) -> str | None:
    g = torch.Generator().manual_seed(3)
    params = {name: torch.randn(shape, generator=g) for name, shape in SHAPES.items()}
    params["W3"] = torch.randn((30, 27), generator=g)  # (block_size * E, V) the direct connections
    cases = [((params, X), _reference_direct(params, X))
             for X in (torch.tensor([[0, 0, 5]]), torch.randint(0, 27, (50, 3), generator=g))]
    return function_problem(direct_logits, cases, name="direct_logits", labels=ITOS)  # labels: the next characters


direct_connections = Exercise(
    "Exercise 3 (Bengio et al.'s direct connections)",
    checker=_direct,
    hints=[
        "Start from `mlp_logits`' recipe: `emb = C[X].view(len(X), -1)`, then the tanh layer and the output layer.",
        "Add one more term to the logits, a second path that skips the tanh layer: the embeddings, side by side, "
        "taken straight to the 27 outputs by `W3`, of shape (30, 27).",
    ],
    solution_code="""def direct_logits(params, X):
    emb = params["C"][X].view(len(X), -1)  # (B, 30) the context's embeddings, side by side
    h = torch.tanh(emb @ params["W1"] + params["b1"])  # (B, 200)
    return h @ params["W2"] + params["b2"] + emb @ params["W3"]  # (B, 27), with a path around the tanh""",
    why="Bengio et al. let the embeddings reach the output by a second, linear path, `emb @ W3`, beside the one "
    "through the tanh layer: the network can then learn simple linear effects directly and leave the hidden "
    "layer for the rest. Train it like the network above (start `W3` small, as `W2`) and compare the dev losses.",
    check_args="direct_logits",
    wrong_code="""def direct_logits(params, X):
    emb = params["C"][X].view(len(X), -1)
    return torch.tanh(emb @ params["W1"] + params["b1"] + emb @ params["W3"]) @ params["W2"] + params["b2"]""",
    wrong_message="direct_logits(",
)

TARGET, SHARE = 2.10, 1 / 3  # the notebook's goal, in a third of the time the lecture's recipe trains on this machine
LECTURE_STEPS = 200_000  # the lecture's recipe: 200,000 steps of 32 examples
PROBE_STEPS = 300  # lecture steps timed before and after `fit`, to know this machine's speed at that moment


def lecture_step_seconds(steps: int = PROBE_STEPS) -> float:
    """Return the CPU seconds one step of the lecture's recipe takes here, now: its network (3 characters of
    context, 10-d embeddings, 200 hidden units), a minibatch of 32, forward, backward and update.

    CPU time, not wall-clock time: what other programs do at the same time does not count.
    """
    g = torch.Generator().manual_seed(1)
    X, Y = torch.randint(0, 27, (4096, 3), generator=g), torch.randint(0, 27, (4096,), generator=g)  # any data
    params = init_mlp(27, 3, 10, 200, generator=g)
    start = time.process_time()
    lr_sweep(params.values(), lambda x: mlp_logits(params, x), X, Y, [0.1] * steps, batch_size=32, generator=g)
    return (time.process_time() - start) / steps


def _time_budget(
    fit: object,
    Xtr: torch.Tensor,
    Ytr: torch.Tensor,
    Xdev: torch.Tensor,
    Ydev: torch.Tensor,
    *,
    lecture_steps: int = LECTURE_STEPS,
) -> str | None:
    if Xtr.shape[1:] != Xdev.shape[1:]:
        return (f"the training contexts have {Xtr.shape[1]} characters and the dev contexts {Xdev.shape[1]}: build "
                "both with the same block_size")
    before = lecture_step_seconds()
    start = time.process_time()  # the computing time `fit` takes, as the lecture's steps are timed
    predict, problem = call_problem(fit, (Xtr, Ytr, torch.Generator().manual_seed(2147483647)), name="fit",
                                    shown="Xtr, Ytr, generator")
    seconds = time.process_time() - start
    lecture_seconds = lecture_steps * (before + lecture_step_seconds()) / 2  # the speed around `fit`, not before
    if problem is not None:
        return problem
    if not callable(predict):
        return f"fit should return a function that maps contexts to logits, but it returned a {type(predict).__name__}"
    if seconds > SHARE * lecture_seconds:
        return (f"fit took {seconds:.1f} s of computing, over the budget of {SHARE * lecture_seconds:.1f} s (a third "
                f"of the {lecture_seconds:.1f} s the lecture's {lecture_steps:,} steps take on this machine, timed "
                "just before and after fit): train for fewer steps, or make each step cheaper")
    with torch.no_grad():
        logits, problem = call_problem(predict, (Xdev[:2],), name="the function fit returned", shown="X")
    if problem is not None:
        return problem
    if not isinstance(logits, torch.Tensor) or tuple(logits.shape) != (2, 27):
        shape = tuple(logits.shape) if isinstance(logits, torch.Tensor) else type(logits).__name__
        return f"the function fit returned should map 2 contexts to logits of shape (2, 27); it gave {shape}"
    dev = split_loss(predict, Xdev, Ydev)
    if not dev <= TARGET:  # NaN fails too
        return f"the dev loss is {dev:.4f} after {seconds:.1f} s of training, above the target {TARGET}"
    return None


time_budget = Exercise(
    f"Exercise 4 (a dev loss of {TARGET:.2f} in a third of the lecture's training time)",
    checker=_time_budget,
    hints=[
        "Start from what worked in section 10: scaled initial weights (`init_mlp(..., scaled=True)`), a learning "
        "rate from the sweep, and the decay to a tenth halfway through. Then spend the time where it pays.",
        "Time a few hundred steps first (`time.perf_counter()`), to know how many steps fit in the budget. "
        "Section 10's network with batches of 128 and its learning rate reaches the target in about half of "
        "section 10's steps, if the decay comes halfway through the shorter run.",
        "Write the loop of section 8 inside `fit` (its `train` seeds a generator of its own; `fit` must use the "
        "one it is given): draw each minibatch with `torch.randint(..., generator=generator)`, then forward, "
        "`p.grad = None`, backward and the update under `torch.no_grad()`; at the end, return a function of the "
        "contexts that computes the trained network's logits.",
    ],
    solution_code="""def fit(Xtr, Ytr, generator):
    params = init_mlp(27, Xtr.shape[1], 16, 300, generator=generator, scaled=True)  # section 10's network
    steps, batch_size = 12_000, 128
    for step in range(steps):
        lr = 0.15 if step < steps // 2 else 0.015  # the swept rate, then a tenth of it
        ix = torch.randint(0, len(Xtr), (batch_size,), generator=generator)  # (B,) a random minibatch
        loss = F.cross_entropy(mlp_logits(params, Xtr[ix]), Ytr[ix])
        for p in params.values():
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params.values():
                p -= lr * p.grad
    return lambda X: mlp_logits(params, X)""",
    why="Section 10's recipe needs fewer steps than it takes: its dev loss falls fastest early on, and the decay "
    "to a tenth of the rate buys the next few hundredths wherever it comes. So 12,000 steps with the decay at "
    "6,000 reach 2.09 in about half the time, a sixth of what the lecture's 200,000 steps take. What pays "
    "within a budget is a good start and a good learning rate, so that no step is wasted, and batches large "
    "enough to give a clean gradient but no larger.",
    check_args="fit, Xtr5, Ytr5, Xdev5, Ydev5",
    wrong_code="""def fit(Xtr, Ytr, generator):
    params = init_mlp(27, Xtr.shape[1], 10, 200, generator=generator)  # N(0, 1) weights, as in section 6
    for step in range(3_000):
        ix = torch.randint(0, len(Xtr), (32,), generator=generator)
        loss = F.cross_entropy(mlp_logits(params, Xtr[ix]), Ytr[ix])
        for p in params.values():
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params.values():
                p -= 0.1 * p.grad
    return lambda X: mlp_logits(params, X)""",
    wrong_message="above the target 2.1",
)

NOTEBOOK = "05_mlp_embeddings"
EXERCISES: list[Exercise] = [uniform_guess, start_at_uniform, direct_connections, time_budget]
# What the checks need, as the notebook has it by its exercises: the course's tests run the answers on it.
SETUP = """import math
import torch
import torch.nn.functional as F
from helpers.data import load_words
from helpers.dataset import context_windows, split_words
from helpers.mlp import init_mlp, mlp_logits
from helpers.vocab import build_vocab
words = load_words()
stoi, itos = build_vocab(words)
train_words, dev_words, test_words = split_words(words, (0.8, 0.1, 0.1), generator=torch.Generator().manual_seed(42))
Xtr, Ytr = context_windows(train_words, stoi, 3)"""
# Where the notebook's state has changed by an exercise, what the tests run after SETUP to get there.
SETUP_AT = {"time_budget": """Xtr5, Ytr5 = context_windows(train_words, stoi, 5)  # section 10: 5 characters of context
Xdev5, Ydev5 = context_windows(dev_words, stoi, 5)"""}
