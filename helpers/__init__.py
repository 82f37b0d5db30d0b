"""Small, tested functions that the makemore notebooks lean on, one module per idea.

data: find, download and read names.txt · vocab: characters <-> integers · bigram: the count model ·
plots: the figures · report: the results table that ends every notebook.
"""
