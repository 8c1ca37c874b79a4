"""Per-process caches that are valid only while the database's change counters have not moved."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class VersionedCache:
    """A bounded LRU map whose entries carry the version they were computed at; another version is a miss."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()

    def get(self, key: Hashable, version: Hashable) -> Any | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: Hashable, version: Hashable, value: Any) -> None:
        self._entries[key] = (version, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()
