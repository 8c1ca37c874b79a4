"""A query's cost, estimated before it runs: list sizes multiplied down the selection.

Each field costs 1 (times the number of parents it is resolved for); a field
that returns a page multiplies what is below it by its `first` (50 when not
given, as the pagination does); a plain list by its known bound (the
participation report: a row per unit of the level asked for). A document over
the budget is refused before execution with GRAPHQL_VALIDATION_FAILED, saying
its cost and the budget. Fragments are followed; introspection is free.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from schema.pagination import DEFAULT_FIRST, MAX_FIRST

# Lists that take no `first`: how many items they may hold at most, by field name.
LIST_BOUNDS = {"participationReport": 700, "grants": 20, "history": 50, "targets": 20, "rates": 1, "schoolYears": 1}
REPORT_LEVELS = {"NATION": 1, "PROVINCE": 70, "DISTRICT": 700, "COMMUNE": 3400, "SCHOOL": MAX_FIRST}
PAGED = {"edges"}  # a connection's page: its `first` applies to the edges


def _argument(field: FieldNode, name: str, variables: dict[str, Any]) -> Any:
    for argument in field.arguments or ():
        if argument.name.value == name:
            if isinstance(argument.value, VariableNode):
                return variables.get(argument.value.name.value)
            return value_from_ast_untyped(argument.value, variables)
    return None


def _fields(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]
) -> Iterator[tuple[FieldNode, frozenset[str]]]:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection, seen
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:  # a fragment cycle is refused by validation anyway
                yield from _fields(fragments[name].selection_set, fragments, seen | {name})


def cost_of(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    seen: frozenset[str] = frozenset(),
) -> int:
    total = 0
    for field, inner in _fields(selection_set, fragments, seen):
        name = field.name.value
        if name.startswith("__"):
            continue
        first = _argument(field, "first", variables)
        if first is not None or _is_connection(field, fragments, inner):
            size = first if isinstance(first, int) and 0 <= first <= MAX_FIRST else DEFAULT_FIRST
        elif name == "participationReport":
            size = REPORT_LEVELS.get(str(_argument(field, "groupBy", variables)), LIST_BOUNDS[name])
        else:
            size = LIST_BOUNDS.get(name, 1)
        total += 1 + size * cost_of(field.selection_set, fragments, variables, inner)
    return total


def _is_connection(field: FieldNode, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str]) -> bool:
    """A page: its `edges` selected directly or through fragments (named or inline)."""
    return any(sub.name.value in PAGED for sub, _ in _fields(field.selection_set, fragments, seen))


def _with_defaults(operation: OperationDefinitionNode, variables: dict[str, Any]) -> dict[str, Any]:
    """The variables as execution sees them: a declared default (`$n: Int = 500`) counts when none is sent."""
    values = dict(variables)
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if name not in values and definition.default_value is not None:
            values[name] = value_from_ast_untyped(definition.default_value)
    return values


class QueryCost(SchemaExtension):
    """Refuses, before execution, an operation whose estimated cost exceeds `budget`."""

    def __init__(self, budget: int) -> None:
        self.budget = budget

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            chosen = [
                o
                for o in operations
                if context.operation_name is None or (o.name and o.name.value == context.operation_name)
            ]
            cost = sum(
                cost_of(o.selection_set, fragments, _with_defaults(o, context.variables or {})) for o in chosen[:1]
            )
            if cost > self.budget:
                error = GraphQLError(
                    f"This query's estimated cost is {cost:,}, over the budget of {self.budget:,}: ask for smaller "
                    "pages (first), fewer nested lists or fewer aliases.",
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED", "cost": cost, "budget": self.budget},
                )
                context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield
