"""The exercises of each notebook, one module per notebook named by its topic. See helpers.exercises."""

from string import ascii_lowercase

from helpers.vocab import build_vocab

# The course's vocabulary, '.' then 'a' to 'z', for the checks whose tensors it indexes but that are not given it.
STOI, ITOS = build_vocab([ascii_lowercase])
