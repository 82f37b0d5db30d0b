"""Tests for course_tools.other_blas: matrix products rounded as another BLAS would, gradients intact."""

import pytest
import torch
import torch.nn.functional as F

from course_tools.other_blas import Float64Products


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


def test_products_are_the_float64_result_rounded_once_and_differ_from_mkl_only_in_the_last_bits():
    a, b = torch.randn(64, 300, generator=gen()), torch.randn(300, 50, generator=gen(1))
    mkl = a @ b
    with Float64Products():
        products = (a @ b, torch.matmul(a, b), torch.mm(a, b), F.linear(a, b.T), torch.addmm(torch.zeros(50), a, b))
        for product in products:
            assert product.dtype == torch.float32
            assert torch.equal(product, (a.double() @ b.double()).float())
    assert not torch.equal(mkl, (a.double() @ b.double()).float())  # MKL's float32 sums round differently...
    torch.testing.assert_close(mkl, (a.double() @ b.double()).float(), rtol=1e-5, atol=1e-4)  # ...a little


def test_exact_products_stay_exact_and_gradients_flow():
    W = torch.randn(27, 27, generator=gen(), requires_grad=True)
    onehot = F.one_hot(torch.tensor([3, 5]), 27).float()
    with Float64Products():
        logits = onehot @ W
        assert torch.equal(logits, W[[3, 5]])
        logits.square().sum().backward()
    expected = torch.zeros(27, 27)
    expected[[3, 5]] = 2 * W.detach()[[3, 5]]
    assert torch.equal(W.grad, expected)


def test_other_dtypes_other_functions_and_torchs_errors_are_untouched():
    x = torch.arange(6).view(2, 3)
    with Float64Products():
        assert (x @ x.T).dtype == torch.long
        assert torch.tanh(torch.zeros(2)).dtype == torch.float32
        with pytest.raises(RuntimeError, match="long int != float"):  # the message a learner sees, unchanged
            x @ torch.ones(3, 2)
