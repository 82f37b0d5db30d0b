"""The lecture's MLP recipe (makemore part 2), as the benchmark's reference: 3 characters of context,
10-dimensional embeddings, 200 tanh units, every weight drawn from N(0, 1), 200,000 SGD steps of 32 examples,
learning rate 0.1, then 0.01 for the second half. Trained and scored on the notebooks' split.

python bench/lecture_mlp.py prints its dev-loss curve as JSON; bench/run.py calls `run`.
"""

import json

import torch
import torch.nn.functional as F
from watch import splits, watch

STEPS = 200_000


def run(every: int = 2_000) -> dict:
    (Xtr, Ytr), (Xdev, Ydev) = splits(block_size=3)
    g = torch.Generator().manual_seed(2147483647)
    C = torch.randn((27, 10), generator=g)
    W1 = torch.randn((30, 200), generator=g)
    b1 = torch.randn(200, generator=g)
    W2 = torch.randn((200, 27), generator=g)
    b2 = torch.randn(27, generator=g)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True

    def forward(X):
        h = torch.tanh(C[X].view(-1, 30) @ W1 + b1)
        return h @ W2 + b2

    def step(i):
        ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)
        loss = F.cross_entropy(forward(Xtr[ix]), Ytr[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < STEPS // 2 else 0.01
        for p in parameters:
            p.data += -lr * p.grad

    @torch.no_grad()
    def dev_loss():
        return F.cross_entropy(forward(Xdev), Ydev).item()

    return watch(step, STEPS, dev_loss, every)


if __name__ == "__main__":
    torch.set_num_threads(1)
    print(json.dumps(run()))
