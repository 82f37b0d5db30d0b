"""The exercises' checks against the answers learners actually write: each wrong one must fail with a message
that says what is wrong, each right one (in any correct form) must pass, and a half-filled blank is not attempted.

The answers are small Python functions and values below, run on tiny inputs, so these tests need no data file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from string import ascii_lowercase

import pytest
import torch
import torch.nn.functional as F

from helpers.bigram import bigram_counts, normalize_rows
from helpers.dataset import context_windows
from helpers.exercises import BLANK, CORRECT, INCORRECT, NOT_ATTEMPTED, Exercise
from helpers.layers import Embedding, Flatten, Linear, Sequential, Tanh
from helpers.mlp import init_mlp, mlp_logits
from helpers.questions import STOI, broadcasting, counting, mlp, neural_bigram, nll
from helpers.questions.batchnorm import fold_bn, zero_init
from helpers.vocab import build_vocab, encode

WORDS = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "ann", "bob", "lillian", "x", "al", ascii_lowercase]
_, ITOS = build_vocab([ascii_lowercase])
N = bigram_counts(WORDS, STOI)  # (27, 27)
P = normalize_rows(N, smoothing=1)  # (27, 27) smoothed: every pair possible
P0 = normalize_rows(N)  # (27, 27) not smoothed, as in notebook 01: unseen pairs have probability 0


@dataclass(frozen=True)
class Case:
    """What a learner hands to `check()`, and what the check must say: None for correct, else part of the message."""

    label: str
    answers: tuple
    says: str | None


def cases(exercise: Exercise, *table: Case) -> list:
    return [pytest.param(exercise, case, id=f"{exercise.title.split(' (')[0]} {case.label}") for case in table]


# --- 01 counting ------------------------------------------------------------------------------------------


def last_counts_by(pick, dtype=torch.long) -> torch.Tensor:
    counts = torch.zeros(27, dtype=dtype)
    for w in WORDS:
        counts[STOI[pick(w)]] += 1
    return counts


P_ONE = (P0[0, 1:] * P0[1:, 0]).sum().item()  # the model's probability of a one-letter name
SE = math.sqrt(P_ONE * (1 - P_ONE) / 10_000)  # the standard error of a share of 10,000 samples


def count_pairs_reference(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)
    return torch.zeros((27, 27), dtype=torch.long).index_put_((ids[:-1], ids[1:]), torch.ones_like(ids[1:]),
                                                              accumulate=True)


def count_pairs_one_hot(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)
    return F.one_hot(ids[:-1], 27).T @ F.one_hot(ids[1:], 27)  # (27, T) @ (T, 27): another right way


def count_pairs_int32(words, stoi):
    return count_pairs_reference(words, stoi).int()


def count_pairs_float(words, stoi):
    return count_pairs_reference(words, stoi).float()


def count_pairs_by_calling_the_helper(words, stoi):
    return bigram_counts(words, stoi)


def count_pairs_by_bincount(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)
    return torch.bincount(27 * ids[:-1] + ids[1:], minlength=729).view(27, 27)


def count_pairs_without_the_end(words, stoi):
    ids = encode("." + ".".join(words), stoi)  # no '.' after the last name
    return torch.zeros((27, 27), dtype=torch.long).index_put_((ids[:-1], ids[1:]), torch.ones_like(ids[1:]),
                                                              accumulate=True)


def count_pairs_without_separators(words, stoi):
    ids = encode("." + "".join(words) + ".", stoi)  # names run into each other
    return torch.zeros((27, 27), dtype=torch.long).index_put_((ids[:-1], ids[1:]), torch.ones_like(ids[1:]),
                                                              accumulate=True)


def count_pairs_transposed(words, stoi):
    return count_pairs_reference(words, stoi).T


def count_pairs_plain_indexing(words, stoi):
    ids = encode("." + ".".join(words) + ".", stoi)
    counts = torch.zeros((27, 27), dtype=torch.long)
    counts[ids[:-1], ids[1:]] += 1  # a repeated pair is written once
    return counts


def count_pairs_forgot_return(words, stoi):
    count_pairs_reference(words, stoi)


COUNTING = [
    *cases(
        counting.last_letters,
        Case("a loop over the names", (last_counts_by(lambda w: w[-1]), WORDS, STOI), None),
        Case("column 0 of N", (N[:, 0], WORDS, STOI), None),
        Case("int32 counts", (last_counts_by(lambda w: w[-1], torch.int32), WORDS, STOI), None),
        Case("first letters", (last_counts_by(lambda w: w[0]), WORDS, STOI), "last_counts differs from the expected"),
        Case("second-to-last letters", (last_counts_by(lambda w: w[-2] if len(w) > 1 else w), WORDS, STOI),
             "last_counts differs from the expected values"),
        Case("row 0 of N (first letters)", (N[0], WORDS, STOI), "last_counts differs"),
        Case("without '.'", (last_counts_by(lambda w: w[-1])[1:], WORDS, STOI), "has shape (26,); expected (27,)"),
        Case("float counts", (last_counts_by(lambda w: w[-1], torch.float32), WORDS, STOI),
             "count in an integer type"),
        Case("a list", (last_counts_by(lambda w: w[-1]).tolist(), WORDS, STOI), "should be a tensor"),
        Case("the blank", (BLANK, WORDS, STOI), NOT_ATTEMPTED),
    ),
    *cases(
        counting.one_letter_names,
        Case("the probability and a share 1.5 standard errors off", (P_ONE, P_ONE + 1.5 * SE, P0), None),
        Case("a 0-d tensor", (torch.tensor(P_ONE), P_ONE, P0), None),
        Case("the sum over all 27 (P[0, 0] is 0)", ((P0[0] * P0[:, 0]).sum().item(), P_ONE, P0), None),
        Case("a share far off", (P_ONE, P_ONE + 6 * SE, P0), "more than 4 standard errors"),
        Case("a share of 0.3", (P_ONE, 0.3, P0), "more than 4 standard errors"),
        Case("a count, not a share", (P_ONE, P_ONE * 10_000, P0), "more than 4 standard errors"),
        Case("off in the fourth decimal", (P_ONE + 0.0008, P_ONE, P0), "not the model's probability"),
        Case("the mean, not the sum", ((P0[0, 1:] * P0[1:, 0]).mean().item(), P_ONE, P0),
             "not the model's probability of a one-letter name"),
        Case("one draw only", (P0[0, 1:].sum().item(), P_ONE, P0), "not the model's probability"),
        Case("27 numbers", (P0[0, 1:] * P0[1:, 0], P_ONE, P0), "holds 26 numbers; it should be one number"),
        Case("NaN", (math.nan, P_ONE, P0), "not the model's probability"),
        Case("a string", (str(P_ONE), P_ONE, P0), "p_one should be a number"),
        Case("share still blank", (P_ONE, BLANK, P0), NOT_ATTEMPTED),
        Case("p_one still blank", (BLANK, P_ONE, P0), NOT_ATTEMPTED),
    ),
    *cases(
        counting.double_letters,
        Case("the most common double", (ITOS[N.diagonal().argmax().item()], N, ITOS), None),
        Case("the most common letter", (ITOS[N[:, 1:].sum(0).argmax().item() + 1], N, ITOS),
             "another letter follows itself more often"),
        Case("the index, not the letter", (N.diagonal().argmax().item(), N, ITOS), "should be one letter"),
        Case("the doubled letter", (ITOS[N.diagonal().argmax().item()] * 2, N, ITOS), "should be one letter"),
        Case("upper case", (ITOS[N.diagonal().argmax().item()].upper(), N, ITOS), "should be one letter"),
        Case("'.'", (".", N, ITOS), "should be one letter"),
    ),
    *cases(
        counting.counts_without_bincount,
        Case("index_put_ with accumulate", (count_pairs_reference, STOI), None),
        Case("a product of one-hot matrices", (count_pairs_one_hot, STOI), None),
        Case("int32 counts", (count_pairs_int32, STOI), None),
        Case("float counts", (count_pairs_float, STOI), "count in an integer type"),
        Case("bigram_counts itself", (count_pairs_by_calling_the_helper, STOI), "asks for another way"),
        Case("bincount", (count_pairs_by_bincount, STOI), "uses torch.bincount"),
        Case("no end token", (count_pairs_without_the_end, STOI), "count_pairs(['emma'], stoi) differs"),
        Case("no separators", (count_pairs_without_separators, STOI), "differs from the expected values"),
        Case("transposed", (count_pairs_transposed, STOI), "count_pairs(['emma'], stoi) differs"),
        Case("plain indexing", (count_pairs_plain_indexing, STOI), "count_pairs(['emma', 'ava', 'olivia'], stoi)"),
        Case("no return", (count_pairs_forgot_return, STOI), "returned None: does it end with `return`?"),
    ),
]

# --- 02 broadcasting pitfalls -----------------------------------------------------------------------------


def int_counter(dtype):
    def count_pairs(ids):
        counts = torch.zeros((27, 27), dtype=dtype)
        return counts.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1, dtype=dtype), accumulate=True)

    return count_pairs


BROADCASTING = [
    *cases(
        broadcasting.rows_sum_to_one,
        Case("keepdim", (lambda t: t / t.sum(1, keepdim=True), N), None),
        Case("a column by indexing", (lambda t: t / t.sum(1)[:, None], N), None),
        Case("normalize_rows", (lambda t: normalize_rows(t), N), None),
        Case("without keepdim", (lambda t: t / t.sum(1), N), "differs from the expected values"),
        Case("27 rows only", (lambda t: t / t.sum(1).view(27, 1), N), "row_normalise(tensor of shape (3, 3)) raised"),
        Case("columns", (lambda t: t / t.sum(0, keepdim=True), N), "differs from the expected values"),
    ),
    *cases(
        broadcasting.integer_counts,
        Case("float()", (lambda c: c.float() / c.sum(1, keepdim=True),), None),
        Case("true division of integers", (lambda c: c / c.sum(1, keepdim=True),), None),
        Case("floor division", (lambda c: c // c.sum(1, keepdim=True),), "expected 0.75, got 0"),
        Case("float64", (lambda c: c.double() / c.sum(1, keepdim=True),), "has dtype torch.float64"),
        Case("columns", (lambda c: c.float() / c.sum(0, keepdim=True),), "differs from the expected values"),
    ),
    *cases(
        broadcasting.transpose_bug,
        Case(".T", (lambda x: x.T,), None),
        Case("transpose(0, 1)", (lambda x: x.transpose(0, 1),), None),
        Case("permute", (lambda x: x.permute(1, 0),), None),
        Case("view", (lambda x: x.view(x.shape[1], x.shape[0]),), "differs from the expected values"),
        Case("reshape", (lambda x: x.reshape(x.shape[1], x.shape[0]),), "differs from the expected values"),
        Case("unchanged", (lambda x: x,), "has shape (2, 3); expected (3, 2)"),
    ),
    *cases(
        broadcasting.counter_overflow,
        Case("int64", (int_counter(torch.long),), None),
        Case("int32", (int_counter(torch.int32),), None),
        Case("uint8", (int_counter(torch.uint8),), "a torch.uint8 holds counts up to 255 only"),
        Case("int8", (int_counter(torch.int8),), "a torch.int8 holds counts up to 127 only"),
        Case("float32", (int_counter(torch.float32),), "Count in an integer type"),
        Case("bool", (int_counter(torch.bool),), "differs from the expected values"),
    ),
]

# --- 03 nll -----------------------------------------------------------------------------------------------


def name_nll_reference(word, P):
    chs = ["."] + list(word) + ["."]
    logs = [torch.log(P[STOI[a], STOI[b]]) for a, b in zip(chs, chs[1:], strict=False)]
    return -(sum(logs) / len(logs)).item()


def name_nll_tensor(word, P):
    ids = encode("." + word + ".", STOI)
    return -P[ids[:-1], ids[1:]].log().mean()  # a 0-d tensor: right too


def name_nll_no_end(word, P):
    chs = ["."] + list(word)
    return -sum(math.log(P[STOI[a], STOI[b]]) for a, b in zip(chs, chs[1:], strict=False)) / len(word)


def name_nll_sum(word, P):
    return name_nll_reference(word, P) * (len(word) + 1)


def name_nll_positive_log(word, P):
    return -name_nll_reference(word, P)


def name_nll_math_log(word, P):
    chs = ["."] + list(word) + ["."]
    return -sum(math.log(P[STOI[a], STOI[b]]) for a, b in zip(chs, chs[1:], strict=False)) / (len(chs) - 1)


SMOOTHINGS = [0.01, 0.1, 1.0, 10.0, 100.0]
DEV = [2.5000, 2.4545, 2.4541, 2.4550, 2.4628]  # lowest at 1; 0.1 and 10 within 0.001; 100 is 0.0087 above

NLL = [
    *cases(
        nll.nll_of_a_name,
        Case("a loop over the pairs", (name_nll_reference, P0, P), None),
        Case("a 0-d tensor", (name_nll_tensor, P0, P), None),
        Case("no end token", (name_nll_no_end, P0, P), "name_nll('emma', tensor of shape (27, 27)) is"),
        Case("the sum, not the mean", (name_nll_sum, P0, P), "name_nll('emma'"),
        Case("the wrong sign", (name_nll_positive_log, P0, P), "name_nll('emma'"),
        Case("math.log on an unseen pair", (name_nll_math_log, P0, P),
             "raised ValueError: math domain error"),
    ),
    *cases(
        nll.flat_dev_curve,
        Case("the largest within 0.001", (10.0, SMOOTHINGS, DEV), None),
        Case("an int", (10, SMOOTHINGS, DEV), None),
        Case("a 0-d tensor", (torch.tensor(10.0), SMOOTHINGS, DEV), None),
        Case("the best", (1.0, SMOOTHINGS, DEV), "but a larger one in `smoothings` is too"),
        Case("the smallest within 0.001", (0.1, SMOOTHINGS, DEV), "but a larger one"),
        Case("one too far", (100.0, SMOOTHINGS, DEV), "more than 0.001 above the best"),
        Case("not among the smoothings", (5.0, SMOOTHINGS, DEV), "should be one of the values in `smoothings`"),
        Case("its index", (3, SMOOTHINGS, DEV), "should be one of the values"),
        Case("its dev loss", (2.4550, SMOOTHINGS, DEV), "should be one of the values"),
    ),
]

# --- 04 neural bigram, 05 MLP, 06 BatchNorm ---------------------------------------------------------------


CONFIDENT_AND_WRONG = "loss_of(tensor of shape (1, 3), tensor of shape (1,)) is"  # the case whose exp overflows


def loss_reference(logits, targets):
    shifted = logits - logits.max(1, keepdim=True).values
    log_probs = shifted - shifted.exp().sum(1, keepdim=True).log()
    return -log_probs[torch.arange(len(targets)), targets].mean()


def loss_logsumexp(logits, targets):
    return (logits.logsumexp(1) - logits[torch.arange(len(targets)), targets]).mean()


def loss_softmax_then_log(logits, targets):
    probs = logits.softmax(1)  # stable, but a probability that rounds to 0 has log -inf
    return -probs[torch.arange(len(targets)), targets].log().mean()


def loss_exp_then_log(logits, targets):
    probs = logits.exp() / logits.exp().sum(1, keepdim=True)  # exp(100) overflows
    return -probs[torch.arange(len(targets)), targets].log().mean()


def loss_sum(logits, targets):
    return loss_reference(logits, targets) * len(targets)


def loss_shift_by_the_mean(logits, targets):
    shifted = logits - logits.mean(1, keepdim=True)
    return -(shifted.exp() / shifted.exp().sum(1, keepdim=True))[torch.arange(len(targets)), targets].log().mean()


def fold_reference(linear, bn):
    with torch.no_grad():
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.running_mean)
        return Linear.from_weights(linear.weight * scale, (bias - bn.running_mean) * scale + bn.bias)


def fold_in_place(linear, bn):
    with torch.no_grad():
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
        bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.running_mean)
        linear.weight *= scale  # changes the layer it was given
        return Linear.from_weights(linear.weight, (bias - bn.running_mean) * scale + bn.bias)


def fold_without_eps(linear, bn):
    scale = bn.weight / torch.sqrt(bn.running_var)
    bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.running_mean)
    return Linear.from_weights(linear.weight * scale, (bias - bn.running_mean) * scale + bn.bias)


def fold_ignoring_the_bias(linear, bn):
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    return Linear.from_weights(linear.weight * scale, -bn.running_mean * scale + bn.bias)


def fold_returning_bn(linear, bn):
    return bn


OTHERS = [
    *cases(
        neural_bigram.stable_loss,
        Case("shift by the row's largest", (loss_reference,), None),
        Case("logsumexp", (loss_logsumexp,), None),
        Case("F.cross_entropy", (F.cross_entropy,), None),
        Case("exp then log", (loss_exp_then_log,), "is inf; expected 100"),
        Case("softmax then log", (loss_softmax_then_log,), CONFIDENT_AND_WRONG),
        Case("shift by the mean", (loss_shift_by_the_mean,), CONFIDENT_AND_WRONG),
        Case("the sum, not the mean", (loss_sum,), "loss_of(tensor of shape (8, 27), tensor of shape (8,)) is"),
    ),
    *cases(
        neural_bigram.row_lookup,
        Case("indexing", (lambda W, xs: W[xs],), None),
        Case("index_select", (lambda W, xs: W.index_select(0, xs),), None),
        Case("columns", (lambda W, xs: W[:, xs].T,), "differs from the expected values"),
        Case("a loop over the rows", (lambda W, xs: torch.stack([W[x] for x in xs]),), "raised RuntimeError"),
        Case("one-hot without float", (lambda W, xs: F.one_hot(xs, 27) @ W,), "raised RuntimeError"),
    ),
    *cases(
        mlp.uniform_guess,
        Case("ln 27", (math.log(27),), None),
        Case("-log(1/27)", (-math.log(1 / 27),), None),
        Case("a 0-d tensor", (torch.tensor(27.0).log(),), None),
        Case("the wrong sign", (-math.log(27),), "which is not right yet"),
        Case("the probability", (1 / 27,), "that is the probability of each character"),
        Case("log base 10", (math.log10(27),), "which is not right yet"),
        Case("27", (27,), "which is not right yet"),
        Case("NaN", (math.nan,), "which is not right yet"),
    ),
    *cases(
        fold_bn,
        Case("new tensors", (fold_reference,), None),
        Case("in place", (fold_in_place,), "fold changed the layers it was given"),
        Case("without eps", (fold_without_eps,), "differs from the expected values"),
        Case("the Linear's bias forgotten", (fold_ignoring_the_bias,), "for a Linear with a bias differs"),
        Case("not a Linear", (fold_returning_bn,), "should return a Linear"),
    ),
]


# --- the exercises that train or score a model: small models and data, the same checks -----------------------


def trigram_probabilities(smoothing):
    """Return the (27, 27, 27) trigram model of the tiny word list, every count plus `smoothing`."""
    counts = torch.full((27, 27, 27), smoothing)
    Xc, Yc = context_windows(WORDS, STOI, 2)
    counts.index_put_((Xc[:, 0], Xc[:, 1], Yc), torch.ones(len(Yc)), accumulate=True)
    return counts / counts.sum(2, keepdim=True)


def paired_losses():
    """A bigram and a trigram table and test examples for 03's exercise 3, from the tiny word list."""
    X3, Y3 = context_windows(WORDS, STOI, 2)
    P3 = trigram_probabilities(smoothing=1.0)
    X1, _ = context_windows(WORDS, STOI, 1)
    return P, X1, P3, X3, Y3


P_BI, X1, P3, X3, Y3 = paired_losses()
BIGRAM_LOSSES, TRIGRAM_LOSSES = -P_BI[X1[:, 0], Y3].log(), -P3[X3[:, 0], X3[:, 1], Y3].log()
DIFFERENCE = BIGRAM_LOSSES - TRIGRAM_LOSSES
SE_PAIRED = (DIFFERENCE.std() / len(DIFFERENCE) ** 0.5).item()
SE_UNPAIRED = math.hypot(BIGRAM_LOSSES.std().item(), TRIGRAM_LOSSES.std().item()) / len(DIFFERENCE) ** 0.5
X3_CONTEXTS, Y3_TARGETS = context_windows(WORDS, STOI, 3)


def init_uniform_reference(generator):
    params = init_mlp(27, 3, 10, 200, generator=generator)
    with torch.no_grad():
        params["W2"] *= 0.001
        params["b2"] *= 0
    return params


def init_uniform_all_zero_w1(generator):
    params = init_uniform_reference(generator)
    with torch.no_grad():
        params["W1"].zero_()
    return params


def init_uniform_not_trainable(generator):
    return {name: p.detach() for name, p in init_uniform_reference(generator).items()}


def init_uniform_plain(generator):
    return init_mlp(27, 3, 10, 200, generator=generator)


def init_uniform_nan(generator):
    params = init_uniform_reference(generator)
    with torch.no_grad():
        params["b2"].fill_(math.nan)
    return params


def direct_reference(params, X):
    emb = params["C"][X].view(len(X), -1)
    return torch.tanh(emb @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"] + emb @ params["W3"]


def direct_inside_the_tanh(params, X):
    emb = params["C"][X].view(len(X), -1)
    return torch.tanh(emb @ params["W1"] + params["b1"] + emb @ params["W3"]) @ params["W2"] + params["b2"]


def direct_missing(params, X):
    return mlp_logits(params, X)


def trigram_logits_zeros(X):
    return torch.zeros((len(X), 27))


def trigram_logits_nan(X):
    return torch.full((len(X), 27), math.nan)


def trigram_logits_counts(X):
    """The trigram count model's log-probabilities: what a trained row-per-context network approaches."""
    return trigram_probabilities(smoothing=0.01).log()[X[:, 0], X[:, 1]]


def zero_net(train_steps, *, zero_embedding=True):
    """A small deep network with every parameter 0 (or all but the embedding), then `train_steps` steps."""
    g = torch.Generator().manual_seed(0)
    net = Sequential([Embedding(27, 4, generator=g), Flatten(), Linear(12, 8, generator=g), Tanh(),
                      Linear(8, 27, generator=g)])
    params = net.parameters()
    with torch.no_grad():
        for p in params[int(not zero_embedding):]:
            p.zero_()
    for p in params:
        p.requires_grad_()
    for _ in range(train_steps):
        loss = F.cross_entropy(net(X3_CONTEXTS), Y3_TARGETS)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= 0.5 * p.grad
    return net


TRAINED, NOT_ZERO = zero_net(20), zero_net(20, zero_embedding=False)
with torch.no_grad():
    TRAINED_LOSS = F.cross_entropy(TRAINED(X3_CONTEXTS), Y3_TARGETS).item()
TRAINED_NONZERO = sum(int((p != 0).sum()) for p in TRAINED.parameters())

MODELS = [
    *cases(
        nll.paired_difference,
        Case("paired", (SE_PAIRED, P_BI, X1, P3, X3, Y3), None),
        Case("paired, a 0-d tensor", (torch.tensor(SE_PAIRED), P_BI, X1, P3, X3, Y3), None),
        Case("as if independent", (SE_UNPAIRED, P_BI, X1, P3, X3, Y3), "treats the two losses as independent"),
        Case("the standard deviation", (DIFFERENCE.std().item(), P_BI, X1, P3, X3, Y3), "not right yet"),
        Case("divided by n, not its root", (DIFFERENCE.std().item() / len(DIFFERENCE), P_BI, X1, P3, X3, Y3),
             "not right yet"),
        Case("NaN", (math.nan, P_BI, X1, P3, X3, Y3), "not right yet"),
    ),
    *cases(
        neural_bigram.neural_trigram,
        Case("the count model's logits", (trigram_logits_counts, WORDS, STOI), None),
        Case("all zeros", (trigram_logits_zeros, WORDS, STOI), "get it below 2.30"),
        Case("just above the target", (lambda X: trigram_probabilities(0.55).log()[X[:, 0], X[:, 1]], WORDS, STOI),
             "is 2.3474: get it below 2.30"),
        Case("NaN", (trigram_logits_nan, WORDS, STOI), "get it below 2.30"),
        Case("a row per character", (lambda X: trigram_logits_counts(X)[:, None], WORDS, STOI),
             "should return logits of shape"),
    ),
    *cases(
        mlp.start_at_uniform,
        Case("a small output layer", (init_uniform_reference, X3_CONTEXTS, Y3_TARGETS), None),
        Case("init_mlp as it is", (init_uniform_plain, X3_CONTEXTS, Y3_TARGETS),
             "not within 0.02 of the loss of a uniform guess"),
        Case("W1 all zero", (init_uniform_all_zero_w1, X3_CONTEXTS, Y3_TARGETS), "all of W1 is 0"),
        Case("no gradients", (init_uniform_not_trainable, X3_CONTEXTS, Y3_TARGETS), "requires_grad_()"),
        Case("NaN", (init_uniform_nan, X3_CONTEXTS, Y3_TARGETS), "not within 0.02"),
        Case("a tensor, not a dict", (lambda g: torch.zeros(3), X3_CONTEXTS, Y3_TARGETS), "should return a dict"),
    ),
    *cases(
        mlp.direct_connections,
        Case("a second path", (direct_reference,), None),
        Case("inside the tanh", (direct_inside_the_tanh,), "direct_logits("),
        Case("no direct path", (direct_missing,), "direct_logits("),
    ),
    *cases(
        zero_init,
        Case("counted and measured", (TRAINED, TRAINED_NONZERO, TRAINED_LOSS, X3_CONTEXTS, Y3_TARGETS), None),
        Case("a 0-d tensor loss", (TRAINED, TRAINED_NONZERO, torch.tensor(TRAINED_LOSS), X3_CONTEXTS, Y3_TARGETS),
             None),
        Case("embedding not zeroed", (NOT_ZERO, 27, TRAINED_LOSS, X3_CONTEXTS, Y3_TARGETS), "is not 0 after training"),
        Case("not trained", (zero_net(0), 0, math.log(27), X3_CONTEXTS, Y3_TARGETS), "train it"),
        Case("miscounted", (TRAINED, TRAINED_NONZERO + 1, TRAINED_LOSS, X3_CONTEXTS, Y3_TARGETS), "nonzero is"),
        Case("a float count", (TRAINED, float(TRAINED_NONZERO), TRAINED_LOSS, X3_CONTEXTS, Y3_TARGETS),
             "should be a whole number"),
        Case("a loss far off", (TRAINED, TRAINED_NONZERO, TRAINED_LOSS + 0.1, X3_CONTEXTS, Y3_TARGETS),
             "zero_loss is"),
        Case("NaN loss", (TRAINED, TRAINED_NONZERO, math.nan, X3_CONTEXTS, Y3_TARGETS), "zero_loss is"),
    ),
]


@pytest.mark.parametrize(("exercise", "case"), COUNTING + BROADCASTING + NLL + OTHERS + MODELS)
def test_each_answer_gets_the_verdict_it_deserves(exercise, case):
    outcome = exercise.check(*case.answers)
    if case.says is None:
        assert outcome.status == CORRECT, outcome
    elif case.says == NOT_ATTEMPTED:
        assert outcome.status == NOT_ATTEMPTED, outcome
    else:
        assert outcome.status == INCORRECT and case.says in outcome.message, outcome

