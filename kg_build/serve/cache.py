"""Answers kept in the server process, per store generation, bounded in bytes.

The store is read-only between builds, so an answer is fixed by the generation it was read
from, the query text (a stored query's parameters are bound into it), the Accept header and
`?format=`. Only answers that completed normally (a worker's `Rendered`) are kept; refusals,
timeouts and failures never are. When the server follows a new generation the cache is
emptied; an answer from an older generation's worker that arrives late is not kept.
Least recently used answers go first once the bytes exceed the bound.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

Key = tuple[str, str, str | None, str | None]  # generation, query text, Accept, ?format=


def key_of(generation: str, text: str, accept: str | None, fmt: str | None) -> Key:
    return (generation, text, accept, fmt)


def _cost(key: Key, value: Any) -> int:
    """Bytes an entry holds: its answer's body, its query text and a little bookkeeping."""
    return len(value.body) + len(key[1].encode("utf-8", "replace")) + 200


class ResultCache:
    """A thread-safe LRU map Key → Rendered, at most `max_bytes` in all (0: keeps nothing)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._generation = ""
        self._entries: OrderedDict[Key, Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Key) -> Any | None:
        if not self.max_bytes:
            return None
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Key, value: Any) -> bool:
        """Keep `value` if it fits and belongs to the current generation (True if kept)."""
        cost = _cost(key, value)
        if cost > self.max_bytes:
            return False
        with self._lock:
            if key[0] != self._generation:
                return False  # answered by an older (or not yet followed) generation
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= _cost(key, old)
            self._entries[key] = value
            self.bytes += cost
            while self.bytes > self.max_bytes:
                k, v = self._entries.popitem(last=False)
                self.bytes -= _cost(k, v)
            return True

    def follow(self, generation: str) -> None:
        """Serve `generation` from now on: every answer of another one is dropped."""
        with self._lock:
            if generation != self._generation:
                self._entries.clear()
                self.bytes = 0
                self._generation = generation
