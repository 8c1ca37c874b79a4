"""What the programme is and does: per domain its models, its store (persistence) and its actions.

Nothing here knows HTTP or GraphQL. Every action takes an `Access` (domain.access), the one door that
says who acts; every write runs in `domain.audit.store.audited`, one transaction with its audit entry.
"""
