"""A digest of source files, so that a cache shared across deployments never serves what older code made.

Cached figures, charts and page fragments are keyed by data version; a deployment that changes how
they are computed or rendered must not read entries the previous code wrote (Redis outlives the
processes). ``source_digest`` hashes the files once per process.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path


def source_digest(*packages: str, folders: tuple[Path, ...] = ()) -> str:
    """SHA-256 (first 12 hex digits) of every .py file of the packages and every file of the folders."""
    digest = hashlib.sha256()
    roots = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise ValueError(f"not a package: {name}")
        roots += [(Path(location), "*.py") for location in spec.submodule_search_locations]
    roots += [(folder, "*") for folder in folders]
    for root, pattern in roots:
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
