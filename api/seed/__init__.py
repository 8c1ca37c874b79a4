"""Demo and benchmark data: the real unit tree, schools, accounts."""
