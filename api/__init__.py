"""HTTP and app wiring, authentication, persistence (Tortoise models and repositories)."""
