"""The maintainers' machinery: executing the notebooks, comparing their outputs, the README's results.

Nothing here is imported by the lessons; a learner finds what the notebooks use in `helpers/`.
"""
