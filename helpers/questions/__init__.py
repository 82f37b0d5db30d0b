"""The exercises of each notebook, one module per notebook named by its topic. See helpers.exercises."""
