"""Where the data files we ship (``corpora/``: lexicons, outlet aliases) live.

In a source checkout they are the repository's top-level ``corpora/`` folder; a wheel built from
it (``pip install .``) carries the same files as the package data ``framing/_corpora`` (mapped in
``pyproject.toml``), so an installed copy, e.g. on a Dask worker, reads the same lexicons.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["CORPORA_DIR"]

_SOURCE = Path(__file__).resolve().parent.parent / "corpora"
_INSTALLED = Path(__file__).resolve().parent / "_corpora"

#: Folder holding ``lexicons/*.yaml`` and ``outlets.yaml``.
CORPORA_DIR: Path = _SOURCE if _SOURCE.is_dir() else _INSTALLED
