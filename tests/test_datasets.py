"""Tests for framing.datasets on the real shared data (skipped only where it is absent).

Expected values are computed here from the raw files, independently of the adapters.
"""

from __future__ import annotations

import ast
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
from framing.outlets import normalise_outlet
from helpers import data_path

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
    assert info.value.reason == (
        "unknown data set; known data sets: allsides_article_bias, babe_mbic, basil, newswcl50, "
        "ruwa, ukraine_news_bias")


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
    assert sorted(DATASETS) == ["allsides_article_bias", "babe_mbic", "basil", "newswcl50",
                                "ruwa", "ukraine_news_bias"]


@needs_ruwa
@needs_ukraine
def test_detect_real_folders():
    for name in DATASETS:
        assert detect_dataset(data_dir() / name) == name


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
    ids = {"ukrinform.net": "Ukrinform", "censor.net": "Censor.net", "reuters.com": "Reuters",
           "rt.com": "RT", "aljazeera.com": "Al Jazeera", "bbc.co.uk": "BBC News",
           "www.msnbc.com": "MSNBC", "en.news-front.info": "News Front", "tass.com": "TASS"}
    expected = collections.Counter(ids[r["Site"]] for r in with_text)
    assert collections.Counter(a.outlet for a in ruwa) == expected
    assert expected["RT"] == 878  # the README: 878 of RT's 932 rows have a desc
    assert expected["MSNBC"] == 500


@needs_ruwa
def test_ruwa_every_headline_once(ruwa, ruwa_raw):
    # row_id is not unique in RUWA (16 ids are shared by a BBC and a TASS row): key by site too
    by_row = {(a.label("row_id"), a.outlet): a for a in ruwa}
    assert len(by_row) == len(ruwa)
    for raw in ruwa_raw:
        title, desc = " ".join(raw["title"].split()), " ".join(raw["desc"].split())
        key = (str(raw["row_id"]), normalise_outlet(raw["Site"]))
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
                   if a.label("row_id") == str(raw["row_id"]) and a.outlet == "RT")
    assert article.title == ""
    assert article.text == " ".join(raw["desc"].split())
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


# --------------------------------------------------------------------------------------------
# BASIL, NewsWCL50, BABE, AllSides: counts from each README, fields checked against raw records


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _literal(value):
    return ast.literal_eval(value) if isinstance(value, str) else value


def test_basil_300_articles_in_100_events():
    folder = data_path("basil")
    report = load_dataset("basil", folder)
    assert (len(report), report.problems) == (300, ())
    assert collections.Counter(a.outlet for a in report) == {
        "Fox News": 100, "The New York Times": 100, "HuffPost": 100}
    events = collections.Counter(a.label("event") for a in report)
    assert len(events) == 100 and set(events.values()) == {3}
    raw = _jsonl(folder / "basil.jsonl")[0]
    article = next(a for a in report if a.label("basil_id") == raw["file_id"])
    paragraphs = _literal(raw["body-paragraphs"])
    assert article.text.split("\n\n")[0] == " ".join(" ".join(s.split()) for s in paragraphs[0])
    assert (article.title, article.date, article.url) == (
        raw["title"], dt.date.fromisoformat(raw["date"]), raw["url"])
    spans = _literal(raw["annotations"])["phrase-level-annotations"]
    assert [v for k, v in article.labels if k == "lex_span"] == [
        " ".join(s["txt"].split()) for s in spans if s["bias"] == "lex"]
    all_lex = sum(1 for a in report for k, _ in a.labels if k == "lex_span")
    all_inf = sum(1 for a in report for k, _ in a.labels if k == "inf_span")
    assert (all_lex, all_inf) == (480, 1246)  # the README's span counts


def test_newswcl50_50_articles_in_10_events():
    report = load_dataset("newswcl50", data_path("newswcl50"))
    assert (len(report), report.problems) == (50, ())
    assert collections.Counter(a.outlet for a in report) == {
        "HuffPost": 10, "The New York Times": 10, "USA Today": 10, "Fox News": 10,
        "Breitbart News": 10}
    assert sorted({a.label("event") for a in report}) == [f"newswcl50:{i}" for i in range(10)]
    assert all(a.date is None for a in report)  # the data set has no dates: none invented
    assert all(not a.text.startswith(a.title) for a in report)


def test_babe_sentences_with_labels():
    folder = data_path("babe_mbic")
    report = load_dataset("babe_mbic", folder)
    raw = _jsonl(folder / "babe_sg2.jsonl")
    assert len(raw) == 3674  # the README's count; two rows repeat the row before them
    assert len(report) == 3672
    assert sorted(p.source for p in report.problems) == [
        "babe_mbic:sg2 line 2838", "babe_mbic:sg2 line 792"]
    labels = collections.Counter(a.label("label_bias") for a in report)
    # the README's 1,810 / 1,863 / 1, less the two repeated rows (one of each label)
    assert labels == {"Biased": 1809, "Non-biased": 1862, "No agreement": 1}
    first = report.articles[0]
    assert first.text == " ".join(raw[0]["text"].split())
    assert [v for k, v in first.labels if k == "biased_word"] == raw[0]["biased_words"]


@pytest.fixture(scope="module")
def allsides():
    return load_dataset("allsides_article_bias", data_path("allsides_article_bias"))


def test_allsides_37554_articles(allsides):
    assert (len(allsides), allsides.problems) == (37554, ())
    assert collections.Counter(a.label("bias") for a in allsides) == {
        "right": 13734, "left": 13005, "center": 10815}
    outlets = collections.Counter(a.outlet for a in allsides)
    # AllSides' desk names map to one id per publisher (raw counts from the data's source field:
    # "Fox Online News" 2,047 + "Fox News" 1,356 + "Fox News (Online)" ...).
    assert outlets["Fox News"] == 3548 and outlets["CNN"] == 2992
    assert "Fox Online News" not in outlets and "CNN (Web News)" not in outlets
    undated = sum(1 for a in allsides if a.date is None)
    assert undated >= 4407  # 4,407 empty dates in the README, plus unparseable ones
    media = collections.Counter(a.label("split_media") for a in allsides)
    assert (media["train"], media["valid"], media["test"]) == (26590, 2356, 1300)
