"""Authorisation: the Casbin model and rules (data), the enforcer, and the SQL scope derived from them."""
