"""Settings for every pytest run in this checkout (unit tests and notebooks)."""

# nbval compares the notebooks' stored outputs with numbers within a tolerance (see course_tools/compare.py).
# pytester runs pytest on small notebooks in the plugin's own tests.
pytest_plugins = ["course_tools.nbval_tolerance", "pytester"]
