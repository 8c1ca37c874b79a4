"""Passwords, tokens, and turning a bearer token into a Principal."""
