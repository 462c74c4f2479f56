"""Tests for framing.datasets on the real shared data (skipped only where it is absent).

Expected values are computed here from the raw files, independently of the adapters.
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from framing.datasets import (
    DATASETS,
    data_dir,
    detect_dataset,
    load_dataset,
    ukraine_sentences,
)
from framing.errors import LoadError
from framing.loaders import load_articles

RUWA = data_dir() / "ruwa"
UKRAINE = data_dir() / "ukraine_news_bias"
needs_ruwa = pytest.mark.skipif(not (RUWA / "ruwa.jsonl.gz").is_file(),
                                reason=f"RUWA data not found in {RUWA} (set FRAMING_DATA)")
needs_ukraine = pytest.mark.skipif(
    not (UKRAINE / "articles.jsonl.gz").is_file(),
    reason=f"ukraine_news_bias data not found in {UKRAINE} (set FRAMING_DATA)")


def _raw_lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def ruwa_raw() -> list[dict]:
    return _raw_lines(RUWA / "ruwa.jsonl.gz")


@pytest.fixture(scope="module")
def ruwa():
    return load_dataset("ruwa")


# --------------------------------------------------------------------------------------------
# data_dir, errors


def test_data_dir_follows_env(monkeypatch, tmp_path):
    monkeypatch.setenv("FRAMING_DATA", str(tmp_path))
    assert data_dir() == tmp_path
    monkeypatch.delenv("FRAMING_DATA")
    assert data_dir() == Path(__file__).resolve().parents[2] / "shared" / "data"


def test_unknown_dataset_lists_known_names():
    with pytest.raises(LoadError) as info:
        load_dataset("allsides")
    assert info.value.reason == "unknown data set; known data sets: ruwa, ukraine_news_bias"


def test_missing_folder_names_path_and_env(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(LoadError) as info:
        load_dataset("ruwa", missing)
    assert info.value.source == str(missing)
    assert "FRAMING_DATA" in info.value.reason


def test_detect_dataset(tmp_path):
    assert detect_dataset(tmp_path) is None
    assert detect_dataset(tmp_path / "nowhere") is None
    (tmp_path / "ruwa.jsonl.gz").write_bytes(gzip.compress(b"{}\n"))
    assert detect_dataset(tmp_path) == "ruwa"
    other = tmp_path / "other"
    other.mkdir()
    (other / "articles.jsonl.gz").write_bytes(gzip.compress(b'{"text": "not ukraine"}\n'))
    assert detect_dataset(other) is None
    assert sorted(DATASETS) == ["ruwa", "ukraine_news_bias"]


@needs_ruwa
@needs_ukraine
def test_detect_real_folders():
    assert detect_dataset(RUWA) == "ruwa"
    assert detect_dataset(UKRAINE) == "ukraine_news_bias"


# --------------------------------------------------------------------------------------------
# RUWA


@needs_ruwa
def test_ruwa_counts(ruwa, ruwa_raw):
    assert len(ruwa_raw) == 16545
    with_text = [r for r in ruwa_raw if r["title"].strip() or r["desc"].strip()]
    assert len(ruwa) == len(with_text)
    skipped = len(ruwa_raw) - len(with_text)
    assert [p.reason for p in ruwa.problems] == [
        f"{skipped} rows had neither a title nor a desc and were skipped (no text to analyse)"]
    expected = collections.Counter(r["Site"].removeprefix("www.") for r in with_text)
    assert collections.Counter(a.outlet for a in ruwa) == expected
    assert expected["rt.com"] == sum(1 for r in with_text if r["Site"] == "rt.com")
    assert expected["msnbc.com"] == sum(1 for r in with_text if r["Site"] == "www.msnbc.com")
    assert "www.msnbc.com" not in {a.outlet for a in ruwa}


@needs_ruwa
def test_ruwa_every_headline_once(ruwa, ruwa_raw):
    # row_id is not unique in RUWA (16 ids are shared by a BBC and a TASS row): key by site too
    by_row = {(a.label("row_id"), a.outlet): a for a in ruwa}
    assert len(by_row) == len(ruwa)
    for raw in ruwa_raw:
        title, desc = " ".join(raw["title"].split()), " ".join(raw["desc"].split())
        key = (str(raw["row_id"]), raw["Site"].removeprefix("www."))
        if not title and not desc:
            assert key not in by_row
            continue
        article = by_row[key]
        assert (article.title, article.text) == (title, desc)
        pieces = [p for p in (title, desc) if p]
        assert article.document.rstrip("\n") == "\n\n".join(pieces)


@needs_ruwa
def test_ruwa_rt_row(ruwa, ruwa_raw):
    raw = next(r for r in ruwa_raw if r["Site"] == "rt.com" and r["desc"].strip())
    article = next(a for a in ruwa
                   if a.label("row_id") == str(raw["row_id"]) and a.outlet == "rt.com")
    assert article.title == ""
    assert article.text == " ".join(raw["desc"].split())
    assert article.outlet == "rt.com"
    assert article.url == raw["src"]
    assert article.date == dt.date.fromisoformat(raw["date_iso"])
    assert article.source == f"ruwa:row {raw['row_id']}"
    assert article.labels == (("event", raw["Event"]), ("dataset", "ruwa"),
                              ("row_id", str(raw["row_id"])))


@needs_ruwa
def test_load_articles_uses_the_ruwa_adapter(ruwa):
    via_folder = load_articles([RUWA])
    via_file = load_articles([RUWA / "ruwa.jsonl.gz"])
    assert [a.id for a in via_folder] == [a.id for a in ruwa]
    assert [a.id for a in via_file] == [a.id for a in ruwa]


# --------------------------------------------------------------------------------------------
# ukraine_news_bias


@needs_ukraine
def test_ukraine_articles():
    raw = _raw_lines(UKRAINE / "articles.jsonl.gz")
    report = load_dataset("ukraine_news_bias")
    assert len(report) == 90
    assert report.problems == ()
    first = report.articles[0]
    sentences = sorted(raw[0]["sentences"], key=lambda s: s["position_in_article"])
    assert first.text.split("\n") == [" ".join(s["content"].split()) for s in sentences]
    assert (first.title, first.outlet, first.date) == ("", "", None)
    bias = raw[0]["bias"]
    assert first.labels == (
        ("dataset", "ukraine_news_bias"),
        ("article_id", raw[0]["id"]),
        ("bias_pro_russia_maj", str(float(bias["pro-russia"]["maj"]))),
        ("bias_pro_west_maj", str(float(bias["pro-west"]["maj"]))),
        ("bias_pro_russia_avg", str(float(bias["pro-russia"]["avg"]))),
        ("bias_pro_west_avg", str(float(bias["pro-west"]["avg"]))),
    )
    assert sum(a.text.count("\n") + 1 for a in report) == 2057


@needs_ukraine
def test_ukraine_sentences_table():
    table = ukraine_sentences()
    assert table.shape == (2057, 7)
    assert list(table.columns) == ["article_id", "position", "content", "pro_russia_maj",
                                   "pro_west_maj", "pro_russia_avg", "pro_west_avg"]
    assert table["article_id"].nunique() == 90
    raw = _raw_lines(UKRAINE / "articles.jsonl.gz")
    first = min(raw[0]["sentences"], key=lambda s: s["position_in_article"])
    row = table.iloc[0]
    assert (row["article_id"], row["position"], row["content"]) == (
        raw[0]["id"], 0, first["content"])
    assert row["pro_russia_maj"] == first["bias"]["score"]["pro-russia"]["maj"]
    assert row["pro_west_avg"] == first["bias"]["score"]["pro-west"]["avg"]
    positions = table.groupby("article_id", sort=False)["position"].apply(list)
    assert all(p == sorted(p) for p in positions)


def test_ukraine_python_literal_fields(tmp_path):
    sentence = {"article": "a1", "id": "s0", "position_in_article": 1, "content": "Second.",
                "bias": {"score": {"pro-russia": {"avg": 0.2, "maj": 0.0},
                                   "pro-west": {"avg": 0.6, "maj": 1.0}}}}
    first = dict(sentence, position_in_article=0, content="First.")
    record = {"id": "a1", "bias": repr({"pro-russia": {"avg": 0.1, "maj": 0.0},
                                        "pro-west": {"avg": 0.5, "maj": 1.0}}),
              "sentences": repr([sentence, first])}
    (tmp_path / "articles.jsonl.gz").write_bytes(gzip.compress(json.dumps(record).encode()))
    assert detect_dataset(tmp_path) == "ukraine_news_bias"
    (article,) = load_dataset("ukraine_news_bias", tmp_path).articles
    assert article.text == "First.\nSecond."
    assert article.label("bias_pro_west_maj") == "1.0"
    table = ukraine_sentences(tmp_path)
    assert table["content"].tolist() == ["First.", "Second."]
    assert table["pro_west_avg"].tolist() == [0.6, 0.6]
