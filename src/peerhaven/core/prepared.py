"""Queries whose SQL is worked out once per process.

Building and compiling a queryset with joins or subqueries costs from a few tenths of a
millisecond to a millisecond of Python, on every request that runs it, although only one
value in it changes. A `PreparedQuery` builds its queryset once per database engine with a
stand-in value, keeps the SQL, and runs it with the real value in its place.

Only for querysets whose SQL depends on nothing but that one value: no dates computed at
build time, no settings that change while the process runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.query import RawQuerySet

M = TypeVar("M", bound=Model)

# Stands in for the value while the query is compiled; never a real primary key.
_STAND_IN = -918_273_645


class PreparedQuery(Generic[M]):
    """`PreparedQuery(build)`, where `build(value)` returns the queryset for one value (an
    id); `.objects(value)` runs it. The rows come back as model objects with the selected
    fields and annotations set (related objects are not: annotate their fields instead)."""

    def __init__(self, build: Callable[[int], QuerySet[M]]) -> None:
        self._build = build
        self._compiled: dict[str, tuple[type[M], str, tuple[Any, ...], frozenset[int]]] = {}

    def _compile(self) -> tuple[type[M], str, tuple[Any, ...], frozenset[int]]:
        vendor = connection.vendor
        if vendor not in self._compiled:
            queryset = self._build(_STAND_IN)
            sql, params = queryset.query.sql_with_params()
            where = frozenset(i for i, param in enumerate(params) if param == _STAND_IN)
            if not where:
                raise ValueError("the queryset does not use the value it was built with")
            self._compiled[vendor] = (queryset.model, sql, tuple(params), where)
        return self._compiled[vendor]

    def objects(self, value: int) -> RawQuerySet[M]:
        model, sql, params, where = self._compile()
        bound = tuple(value if i in where else param for i, param in enumerate(params))
        return RawQuerySet(sql, model=model, params=bound)
