"""Figures memoised on their input rows: the rows' fingerprint, the memo, and raw query rows.

A figure is recomputed only when a row it comes from changed: every input query's rows are
hashed (``Fingerprint``), and the pure arithmetic over them is kept under that digest
(``memo``). The rows come as the database sent them (``ecoreport.lib.raw_rows``), before Django's
per-value conversion.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict


class Fingerprint:
    """SHA-256 over every input row, in the order the queries return them."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, label: str, rows) -> str:
        """Add the rows to the whole fingerprint; return the digest of these rows alone."""
        return self.add_rendered(label, "".join(map(repr, rows)))

    def add_rendered(self, label: str, rendered: str) -> str:
        """``add`` for rows already rendered: the concatenation of their reprs, in order."""
        part = hashlib.sha256(label.encode())
        part.update(rendered.encode())
        digest = part.hexdigest()
        self._hash.update(digest.encode())
        return digest

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class InputMemo:
    """Results of the standards arithmetic, keyed by the digest of the rows they were computed from.

    The queries still run on every call; only the pure computation over identical input rows is
    reused, so a figure can never be stale: any changed, added or removed row changes the key.
    Values are stored pickled, so each caller gets its own copy to fill in.
    """

    def __init__(self, size: int = 64) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get_or_build(self, key: str, build):
        with self._lock:
            stored = self._entries.get(key)
            if stored is not None:
                self._entries.move_to_end(key)
        if stored is not None:
            return pickle.loads(stored)
        value = build()
        with self._lock:
            self._entries[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


memo = InputMemo()


def clear_memo() -> None:
    """Forget memoised computations (benchmarks use it to time the cold path)."""
    memo.clear()
