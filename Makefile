# makemore, spelled out. Two commands are all a learner needs (see README.md):
#   make lab    set up .venv, fetch the data, start JupyterLab on notebooks/
#   make test   the same set-up, then ruff, the helpers' unit tests and nbval over every notebook
# and two for maintainers:
#   make outputs  re-execute every notebook in place, so stored outputs come from a real run
#   make bench    time the notebooks and the course against the lecture's recipes

PYTHON    ?= $(shell command -v python3.11 || command -v python3)
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
SANITIZE  := tests/nbval_sanitize.cfg
LAB_ARGS  ?=

# The same numbers on a CPU with AVX-512 as on one with only AVX2: PyTorch's own kernels otherwise pick their
# code by the CPU, which sums floats in another order, and a badly initialised network (notebooks 05 and 06)
# amplifies that last-bit difference into another loss. Every kernel that `make` starts (lab, test, outputs,
# bench) inherits this; environment.yml sets the same for the conda route.
export ATEN_CPU_CAPABILITY := avx2

.PHONY: lab test outputs bench data install

lab: data
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

test: data
	$(BIN)/ruff check
	$(BIN)/python -m pytest tests helpers course_tools notebooks --nbval --nbval-current-env --nbval-sanitize-with $(SANITIZE)

# Fresh kernel per notebook, no timing metadata, outputs that vary by run (NBVAL_IGNORE_OUTPUT cells) not
# stored: re-running on an unchanged tree gives byte-identical notebooks. Then the README's results section is
# rewritten from the notebooks' results tables. One notebook: make outputs NOTEBOOKS=notebooks/01_counting.ipynb
outputs: data
	$(BIN)/python -m course_tools.notebooks README.md $(NOTEBOOKS)

# Times every notebook (RUNS executions each, in fresh kernels) and the course's recipes against the lecture's,
# in one run; writes bench/results.json and the README's results section. About 20 minutes with RUNS=3.
RUNS ?= 3
bench: data
	$(BIN)/python bench/run.py --runs $(RUNS)

# Finds names.txt ($$MAKEMORE_NAMES, else data/names.txt), downloading and verifying it if absent.
data: install
	$(BIN)/python -m helpers.data

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { \
		$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed, and $(PYTHON) is " + sys.version.split()[0] + ": run make PYTHON=/path/to/python3.11")' \
		&& echo "creating $(VENV) with $(PYTHON)" && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -e '.[dev]'
	@touch $@
