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


def shared_documents() -> list[str]:
    """Every document the matcher sees in the shared data sets (``Article.document`` of the
    AllSides ``content_original`` bodies with titles, of BASIL, NewsWCL50, BABE, RUWA and
    ukraine_news_bias, plus AllSides's masked ``content``): the corpus on which the compiled
    scanners must equal their Python references. Loaded once per test session; skips the
    test when the data is absent."""
    if not _DOCUMENTS:
        import gzip  # noqa: PLC0415
        import json  # noqa: PLC0415

        from framing import Article  # noqa: PLC0415
        from framing.datasets import load_dataset  # noqa: PLC0415

        for part in sorted(data_path("allsides_article_bias").glob("articles-part*.jsonl.gz")):
            with gzip.open(part, "rt", encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    for field in ("content", "content_original"):
                        if row.get(field):
                            _DOCUMENTS.append(Article(id="x", title=row.get("title") or "",
                                                      text=row[field]).document)
        for name in ("basil", "newswcl50", "babe_mbic", "ruwa", "ukraine_news_bias"):
            data_path(name)
            _DOCUMENTS.extend(a.document for a in load_dataset(name).articles)
    return _DOCUMENTS


_DOCUMENTS: list[str] = []


def compiled_scanner(name: str):
    """The compiled module ``framing.<name>`` (built by ``python setup.py build_ext --inplace``),
    skipping the test where it is not built (CI builds it and requires it: test_compiled.py)."""
    return pytest.importorskip(f"framing.{name}", reason=f"framing/{name}.pyx is not built "
                                                         "(python setup.py build_ext --inplace)")
