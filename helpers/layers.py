"""Neural-network layers written by hand with the torch.nn API: call them, list their `parameters()`, switch
`training` on and off. Each keeps its last output in `.out`, for the diagnostics of 06.

Used in: 06_batchnorm.
"""

from __future__ import annotations

import torch


class Linear:
    """y = x @ weight + bias, with weight (fan_in, fan_out) drawn as N(0, 1) * gain / sqrt(fan_in) (Kaiming)."""

    def __init__(self, fan_in: int, fan_out: int, *, generator: torch.Generator, bias: bool = True, gain: float = 1.0):
        self.weight = torch.randn((fan_in, fan_out), generator=generator) * gain / fan_in**0.5  # (in, out)
        self.bias = torch.zeros(fan_out) if bias else None  # (out,)

    @classmethod
    def from_weights(cls, weight: torch.Tensor, bias: torch.Tensor | None = None) -> Linear:
        """Return a Linear with the given weight (in, out) and bias (out,)."""
        layer = cls.__new__(cls)
        layer.weight, layer.bias = weight, bias
        return layer

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        self.out = x @ self.weight  # (B, in) @ (in, out) -> (B, out)
        if self.bias is not None:
            self.out = self.out + self.bias
        return self.out

    def parameters(self) -> list[torch.Tensor]:
        return [self.weight] + ([] if self.bias is None else [self.bias])


class BatchNorm1d:
    """Normalise each feature over the batch, then scale by `weight` and shift by `bias` (gamma, beta).

    In training, the batch's mean and (biased) variance normalise it, and the running estimates move towards
    the batch's mean and unbiased variance by `momentum`; in eval, the running estimates are used. As
    torch.nn.BatchNorm1d.
    """

    def __init__(self, dim: int, *, eps: float = 1e-5, momentum: float = 0.1):
        self.eps, self.momentum, self.training = eps, momentum, True
        self.weight, self.bias = torch.ones(dim), torch.zeros(dim)  # gamma, beta: (dim,)
        self.running_mean, self.running_var = torch.zeros(dim), torch.ones(dim)  # not trained by gradients

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if self.training:
            if x.shape[0] < 2:
                raise ValueError(
                    "BatchNorm1d in training mode normalises over the batch, and a batch of 1 has no spread: "
                    "call .eval() (Sequential.eval()) to use the running statistics for single examples"
                )
            mean = x.mean(0)  # (dim,) over the batch
            var = (x - mean).square().mean(0)  # (dim,) biased; as x.var(0, unbiased=False), but ten times faster
            with torch.no_grad():
                n = x.shape[0]
                self.running_mean.lerp_(mean, self.momentum)
                self.running_var.lerp_(var * n / (n - 1), self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        x_hat = (x - mean) / torch.sqrt(var + self.eps)  # (B, dim) zero mean, unit variance per feature
        self.out = self.weight * x_hat + self.bias
        return self.out

    def parameters(self) -> list[torch.Tensor]:
        return [self.weight, self.bias]


class Tanh:
    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        self.out = torch.tanh(x)
        return self.out

    def parameters(self) -> list[torch.Tensor]:
        return []


class Embedding:
    """A lookup table of `num` vectors of size `dim`, drawn from N(0, 1) as torch.nn.Embedding."""

    def __init__(self, num: int, dim: int, *, generator: torch.Generator):
        self.weight = torch.randn((num, dim), generator=generator)  # (num, dim)

    def __call__(self, ix: torch.Tensor) -> torch.Tensor:
        self.out = self.weight[ix]  # (B, T) -> (B, T, dim)
        return self.out

    def parameters(self) -> list[torch.Tensor]:
        return [self.weight]


class Flatten:
    """(B, T, dim) -> (B, T * dim): the concatenation of a context's embeddings, as a `view`."""

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        self.out = x.view(x.shape[0], -1)
        return self.out

    def parameters(self) -> list[torch.Tensor]:
        return []


class Sequential:
    """Layers applied in order; `train()` and `eval()` set the `training` flag of every layer that has one."""

    def __init__(self, layers: list):
        self.layers = layers

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x)
        self.out = x
        return x

    def parameters(self) -> list[torch.Tensor]:
        return [p for layer in self.layers for p in layer.parameters()]

    def train(self, mode: bool = True) -> Sequential:
        for layer in self.layers:
            if hasattr(layer, "training"):
                layer.training = mode
        return self

    def eval(self) -> Sequential:
        return self.train(False)


def fold_batchnorm(linear: Linear, bn: BatchNorm1d) -> Linear:
    """Return one Linear that computes bn(linear(x)) as in eval mode: the BatchNorm folded into the weights.

    bn(x W + b) = (x W + b - mean) * gamma / sqrt(var + eps) + beta, so W' = W * scale and
    b' = (b - mean) * scale + beta, with scale = gamma / sqrt(var + eps) per output feature.
    """
    with torch.no_grad():
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)  # (out,) one factor per output feature
        bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.running_mean)
        return Linear.from_weights(linear.weight * scale, (bias - bn.running_mean) * scale + bn.bias)
