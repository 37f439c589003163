"""The data fingerprint: a digest of every input row of a period's figures.

A published report keeps the fingerprint of the figures it shows; a fresh computation with
another fingerprint means that its data changed. The figures themselves are cached per data
version (``figures.cache``), so nothing here is kept between computations: an earlier memo of
the water arithmetic under the digest of its rows cost a pickle of every section's figures on
each cold computation and spared work only when another table of the same organizations changed.
"""

from __future__ import annotations

import hashlib


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
