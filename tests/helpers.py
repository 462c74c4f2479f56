"""Paths and small builders shared by the tests (no fixtures with side effects here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_LEXICON = FIXTURES / "mini-lexicon.yaml"
SHARED = REPO.parent / "shared"
#: The shared data folder: $FRAMING_DATA, else ../shared/data beside the repository.
DATA = Path(os.environ.get("FRAMING_DATA") or SHARED / "data")
#: The seed articles: $FRAMING_SEEDS, else the ``seeds`` folder beside the data folder.
SEEDS = Path(os.environ.get("FRAMING_SEEDS") or DATA.parent / "seeds")
SEED = SEEDS / "000_7b49ad51175fd8cb.txt"


def data_path(*parts: str) -> Path:
    """A path under the shared data folder (FRAMING_DATA), skipping the test if it is absent."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path}; set FRAMING_DATA to the data folder")
    return path


def seed_path() -> Path:
    """The seed article, skipping the test if it is absent."""
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}; set FRAMING_SEEDS to the seeds folder")
    return SEED
