"""A worker's bounded store of kept things (whole pages for visitors, pieces of logged-in pages).

One class for both: the most recently used entries, up to a number of bytes, so that a worker's
memory stays bounded whatever is asked of it. An entry says its own `size`; one larger than a
quarter of the store is not kept (it would push out everything else for one page).
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Generic, Protocol, TypeVar


class Sized(Protocol):
    @property
    def size(self) -> int: ...


Entry = TypeVar("Entry", bound=Sized)


class BoundedStore(Generic[Entry]):
    """The most recently used entries, up to `max_bytes` (least recently used evicted first)."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.size = max_bytes, 0
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def clear(self) -> None:
        """Nothing kept any more (a bench counting a page's queries from cold)."""
        with self.lock:
            self.entries.clear()
            self.size = 0

    def put(self, key: tuple, entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += entry.size - (old.size if old else 0)
            self.entries[key] = entry
            while self.size > self.max_bytes:
                _, evicted = self.entries.popitem(last=False)
                self.size -= evicted.size
