"""The course's recipes, as trained in notebooks 05 (section 10) and 06 (section 7), for the benchmark.

Each mirrors its notebook's main training run exactly: same seeds, sizes, learning rate and schedule. run.py
checks that the final dev loss equals the one stored in the notebook, so the two cannot drift apart unnoticed.
"""

import torch
import torch.nn.functional as F
from watch import splits, watch

from helpers.layers import BatchNorm1d, Embedding, Flatten, Linear, Sequential, Tanh
from helpers.mlp import init_mlp, mlp_logits
from helpers.training import split_loss

STEPS, BATCH_SIZE = 25_000, 128


def sgd(parameters, forward, X, Y, lr):
    """The notebooks' training step: a minibatch from a generator seeded 1, the rate divided by 10 halfway."""
    g = torch.Generator().manual_seed(1)

    def step(i):
        ix = torch.randint(0, len(X), (BATCH_SIZE,), generator=g)
        loss = F.cross_entropy(forward(X[ix]), Y[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        rate = lr if i < STEPS // 2 else lr / 10
        with torch.no_grad():
            for p in parameters:
                p -= rate * p.grad

    return step


def mlp(every: int = 250) -> dict:
    """Notebook 05: 5 characters of context, 16-d embeddings, 300 tanh units, scaled init, lr 0.15."""
    (Xtr, Ytr), (Xdev, Ydev) = splits(block_size=5)
    params = init_mlp(27, 5, 16, 300, generator=torch.Generator().manual_seed(2147483647), scaled=True)

    def forward(x):
        return mlp_logits(params, x)

    step = sgd(list(params.values()), forward, Xtr, Ytr, lr=0.15)
    return watch(step, STEPS, lambda: split_loss(forward, Xdev, Ydev), every)


def batchnorm(every: int = 250) -> dict:
    """Notebook 06: 8 characters of context, 16-d embeddings, two BatchNorm tanh layers of 200, lr 0.35."""
    (Xtr, Ytr), (Xdev, Ydev) = splits(block_size=8)
    g = torch.Generator().manual_seed(2147483647)
    layers = [Embedding(27, 16, generator=g), Flatten()]
    fan_in = 8 * 16
    for _ in range(2):
        layers += [Linear(fan_in, 200, generator=g, bias=False, gain=5 / 3), BatchNorm1d(200, momentum=0.01), Tanh()]
        fan_in = 200
    layers.append(Linear(200, 27, generator=g))
    with torch.no_grad():
        layers[-1].weight *= 0.1
    model = Sequential(layers)
    for p in model.parameters():
        p.requires_grad_()

    def dev_loss():
        model.eval()
        loss = split_loss(model, Xdev, Ydev)
        model.train()
        return loss

    return watch(sgd(model.parameters(), model, Xtr, Ytr, lr=0.35), STEPS, dev_loss, every)
