"""Persistence: the queries the resolvers need, one module per domain. No policy here: callers pass the filters."""
