"""The lecture's BatchNorm recipe (makemore part 3), as the benchmark's reference: the MLP of part 2 with
Kaiming initialisation, a small output layer and a BatchNorm layer before the tanh (running statistics with
momentum 0.001), 200,000 SGD steps of 32 examples, learning rate 0.1, then 0.01. Trained and scored on the
notebooks' split.

python bench/lecture_batchnorm.py prints its dev-loss curve as JSON; bench/run.py calls `run`.
"""

import json

import torch
import torch.nn.functional as F
from watch import splits, watch

STEPS = 200_000


def run(every: int = 2_000) -> dict:
    (Xtr, Ytr), (Xdev, Ydev) = splits(block_size=3)
    n_embd, n_hidden, block_size = 10, 200, 3
    g = torch.Generator().manual_seed(2147483647)
    C = torch.randn((27, n_embd), generator=g)
    W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size) ** 0.5)
    W2 = torch.randn((n_hidden, 27), generator=g) * 0.01
    b2 = torch.randn(27, generator=g) * 0
    bngain = torch.ones((1, n_hidden))
    bnbias = torch.zeros((1, n_hidden))
    running = {"mean": torch.zeros((1, n_hidden)), "std": torch.ones((1, n_hidden))}
    parameters = [C, W1, W2, b2, bngain, bnbias]
    for p in parameters:
        p.requires_grad = True

    def step(i):
        ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
        hpreact = C[Xtr[ix]].view(32, -1) @ W1
        bnmeani = hpreact.mean(0, keepdim=True)
        bnstdi = hpreact.std(0, keepdim=True)
        hpreact = bngain * (hpreact - bnmeani) / bnstdi + bnbias
        with torch.no_grad():
            running["mean"] = 0.999 * running["mean"] + 0.001 * bnmeani
            running["std"] = 0.999 * running["std"] + 0.001 * bnstdi
        loss = F.cross_entropy(torch.tanh(hpreact) @ W2 + b2, Ytr[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < STEPS // 2 else 0.01
        for p in parameters:
            p.data += -lr * p.grad

    @torch.no_grad()
    def dev_loss():
        hpreact = C[Xdev].view(len(Xdev), -1) @ W1
        h = torch.tanh(bngain * (hpreact - running["mean"]) / running["std"] + bnbias)
        return F.cross_entropy(h @ W2 + b2, Ydev).item()

    return watch(step, STEPS, dev_loss, every)


if __name__ == "__main__":
    torch.set_num_threads(1)
    print(json.dumps(run()))
