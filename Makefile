# makemore, spelled out. Two commands are all a learner needs (see README.md):
#   make lab    set up .venv, fetch the data, start JupyterLab on notebooks/
#   make test   the same set-up, then ruff, the helpers' unit tests and nbval over every notebook
# and more for maintainers and teachers:
#   make test-cpus  nbval again, under settings that make this CPU compute like other CPUs (CI runs it too)
#   make outputs    re-execute every notebook in place, so stored outputs come from a real run
#   make solutions  the answer key: every exercise solved and executed, in solutions/
#   make site       the course as a website, from the stored notebooks, in build/site
#   make slides     every notebook as a reveal.js deck, in build/slides
#   make test-site  build both, check their links, and open every page and deck in headless Chromium
#   make bench      time the notebooks and the course against the lecture's recipes
#   make mutants    plant bugs in the checks and the tools, and report those the tests miss

PYTHON    ?= $(shell command -v python3.11 || command -v python3)
VENV      := .venv
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
SITE_STAMP := $(VENV)/.installed-site
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
SANITIZE  := tests/nbval_sanitize.cfg
LAB_ARGS  ?=

.PHONY: lab test test-cpus outputs solutions site slides test-site bench mutants data install

lab: data
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_ARGS)

# One pytest worker per core (pytest-xdist); each notebook runs whole on one worker, its cells in order.
test: data
	$(BIN)/ruff check
	$(BIN)/python -m pytest -n auto --dist loadfile tests helpers course_tools notebooks \
		--nbval --nbval-current-env --nbval-sanitize-with $(SANITIZE)

# The stored outputs, checked as other CPUs compute: other PyTorch kernels, other MKL paths and a stand-in for
# another BLAS (course_tools/cpus.py). About 10 minutes on 2 cores. One notebook: make test-cpus NOTEBOOKS=...
test-cpus: data
	$(BIN)/python -m course_tools.cpus $(NOTEBOOKS)

# Fresh kernel per notebook, no timing metadata, outputs that vary by run (NBVAL_IGNORE_OUTPUT cells) not
# stored, and a cell whose inputs did not change keeps its stored outputs when the new ones match them as
# make test compares: re-running an unchanged tree, on any CPU, gives byte-identical notebooks. Then the
# README's results section is rewritten from the notebooks' results tables. One notebook:
# make outputs NOTEBOOKS=notebooks/01_counting.ipynb
outputs: data
	$(BIN)/python -m course_tools.notebooks README.md $(NOTEBOOKS)

# The answer key for teachers: executed copies of the notebooks with every exercise solved by its reference
# solution, in solutions/ (git-ignored); fails unless every check then reports "correct".
solutions: data
	$(BIN)/python -m course_tools.solutions $(NOTEBOOKS)

# The website (Jupyter Book 1) and the slide decks (reveal.js), built from the notebooks as stored, nothing
# executed and nothing fetched from the network; open build/site/index.html or build/slides/*.slides.html.
site: $(SITE_STAMP)
	$(BIN)/python -m course_tools.site

slides: $(SITE_STAMP)
	$(BIN)/python -m course_tools.slides

# Builds both and checks them as a reader meets them (tests/test_site_build.py): no broken link or missing
# picture, no resource from another host, and every page and deck opened in headless Chromium without an
# error. Without a Chromium (apt-get install chromium) the browser checks skip and say so. Screenshots land in
# build/screenshots.
test-site: $(SITE_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider -ra tests/test_site_build.py

# Times every notebook (RUNS executions each, in fresh kernels) and the course's recipes against the lecture's,
# in one run; writes bench/results.json and the README's results section. About 20 minutes with RUNS=3.
RUNS ?= 3
bench: data
	$(BIN)/python bench/run.py --runs $(RUNS)

# Plants bugs one at a time in the exercise kit, the checks, the output comparison and the data loader, and
# reports those the tests do not catch (course_tools/mutants.py). Not in make test: about 20 minutes.
mutants: data
	$(BIN)/python -m course_tools.mutants

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

$(SITE_STAMP): $(STAMP)
	$(BIN)/python -m pip install -e '.[dev,site]'
	@touch $@
