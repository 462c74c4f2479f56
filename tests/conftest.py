"""Shared fixtures: an empty article store per test, and small article files we wrote ourselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: Text with a script tag, to check that article text is shown literally and never run.
XSS_TEXT = "Council notes <script>alert(1)</script> were filed in Kyiv on Monday."
XSS_OUTLET = "Harbour Ledger"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write ``records`` as JSON lines and return ``path``."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def framing_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store file, set as FRAMING_DB for the code under test."""
    db = tmp_path / "store" / "framing.db"
    monkeypatch.setenv("FRAMING_DB", str(db))
    return db


@pytest.fixture
def xss_file(tmp_path: Path) -> Path:
    """One invented article whose body holds ``<script>alert(1)</script>``."""
    return write_jsonl(tmp_path / "xss.jsonl", [
        {"outlet": XSS_OUTLET, "title": "Harbour council minutes", "text": XSS_TEXT,
         "date": "2022-05-02"},
    ])
