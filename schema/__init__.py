"""GraphQL: Strawberry types, queries, mutations and data loaders, one package per domain."""
