"""Export tables and file formats: exact rows of invented articles, provenance in every format,
spreadsheet formulas neutralised in CSV only."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

import framing
from framing import export
from framing.contrast import contrast
from framing.errors import FramingError
from helpers import MINI_LEXICON

# mini lexicon: "annexation" is ukraine (-1), "reunification" kremlin (+1), "Kiev" kremlin
# since 2019-08-14, "Kyiv" ukraine.
NORTH = framing.Article.make(text="=HYPERLINK(\"x\") Officials in Kiev hailed the reunification.",
                             title="+Talks", outlet="North Wire",
                             date=dt.date(2022, 3, 1), url="https://north.example/1")
SOUTH = framing.Article.make(text="Kyiv rejected the annexation.", title="Kyiv responds",
                             outlet="South Courier", date=dt.date(2022, 3, 2))


@pytest.fixture(scope="module")
def analysis() -> framing.Analysis:
    return framing.analyse([NORTH, SOUTH], str(MINI_LEXICON))


def test_hit_table_names_each_hit_and_its_article(analysis):
    hits = export.hit_table(analysis)
    assert list(hits.columns[:4]) == ["article_id", "outlet", "date", "headline"]
    assert list(hits.columns[4:]) == [c for c in framing.matching.HIT_COLUMNS if c != "article_id"]
    got = hits[["outlet", "headline", "variant", "frame", "text", "voice"]].values.tolist()
    assert got == [
        ["North Wire", "+Talks", "Kiev", "kremlin", "Kiev", "authorial"],
        ["North Wire", "+Talks", "reunification", "kremlin", "reunification", "authorial"],
        ["South Courier", "Kyiv responds", "Kyiv", "ukraine", "Kyiv", "authorial"],
        ["South Courier", "Kyiv responds", "Kyiv", "ukraine", "Kyiv", "authorial"],
        ["South Courier", "Kyiv responds", "annexation", "ukraine", "annexation", "authorial"],
    ]
    # Offsets point into Article.document (title, blank line, body).
    row = hits.iloc[0]
    assert NORTH.document[row["start"]:row["end"]] == "Kiev"


def test_outlet_table_is_the_outlet_scores(analysis):
    table = export.outlet_table(analysis).set_index("outlet")
    assert table.loc["North Wire", "index"] == 1.0 and table.loc["South Courier", "index"] == -1.0
    assert table.loc["South Courier", "n_scored"] == 3


def test_provenance_names_lexicon_settings_version_and_time(analysis):
    prov = export.provenance(analysis, outlets="all")
    lexicon = framing.load_lexicon(MINI_LEXICON)
    assert prov["lexicon"] == "mini" and prov["lexicon_version"] == 1
    assert prov["lexicon_hash"] == lexicon.hash
    assert prov["voices"] == "authorial" and prov["date_rules"] == export.DATE_RULES
    assert prov["framing_version"] == framing.__version__ and prov["outlets"] == "all"
    created = dt.datetime.fromisoformat(prov["created"])
    assert abs((dt.datetime.now(dt.timezone.utc) - created).total_seconds()) < 60


def test_csv_neutralises_formulas_and_carries_provenance(analysis):
    prov = export.provenance(analysis)
    text = export.encode(export.hit_table(analysis), "csv", prov).decode("utf-8")
    back = pd.read_csv(io.StringIO(text))
    assert set(back["headline"]) == {"'+Talks", "Kyiv responds"}
    assert back["sentence_text"].iloc[0].startswith("'+Talks") or \
        back["sentence_text"].iloc[0].startswith("'=")
    assert (back["lexicon_hash"] == prov["lexicon_hash"]).all()
    assert back["start"].dtype.kind == "i"  # numbers stay numbers
    # provenance: a list is one cell per row (JSON text), a formula-like value neutralised
    odd = export.to_csv(pd.DataFrame({"x": [1, 2, 3]}), {"mask": ["a", "b"], "empty": [],
                                                         "store": "=HYPERLINK(1).db"})
    rows = pd.read_csv(io.StringIO(odd), keep_default_na=False)
    assert list(rows["mask"]) == ['["a", "b"]'] * 3 and list(rows["empty"]) == ["[]"] * 3
    assert list(rows["store"]) == ["'=HYPERLINK(1).db"] * 3
    assert list(rows["x"]) == [1, 2, 3]



def test_write_table_says_when_parquet_cannot_hold_a_column(tmp_path):
    mixed = pd.DataFrame({"x": [1, "a"]})  # Arrow needs one type per column
    with pytest.raises(FramingError, match=r"m.parquet: the table cannot be written as parquet"):
        export.write_table(mixed, tmp_path / "m.parquet")
    assert export.write_table(mixed, tmp_path / "m.csv").read_text(encoding="utf-8").startswith("x")


def test_json_and_parquet_keep_rows_and_provenance(analysis):
    frame = export.article_table(analysis)
    prov = export.provenance(analysis)
    doc = json.loads(export.encode(frame, "json", prov))
    assert doc["provenance"] == prov
    assert [(r["outlet"], r["date"], r["index"]) for r in doc["rows"]] == [
        ("North Wire", "2022-03-01", 1.0), ("South Courier", "2022-03-02", -1.0)]

    data = export.encode(frame, "parquet", prov)
    assert data[:4] == b"PAR1"
    back = pd.read_parquet(io.BytesIO(data))
    assert list(back.columns) == list(frame.columns)
    assert back["date"].tolist() == [dt.date(2022, 3, 1), dt.date(2022, 3, 2)]
    assert back["headline"].tolist() == ["+Talks", "Kyiv responds"]  # not neutralised
    assert export.read_parquet_provenance(data) == prov


def test_write_table_picks_the_format_from_the_suffix(analysis, tmp_path):
    frame = export.outlet_table(analysis)
    path = export.write_table(frame, tmp_path / "outlets.parquet", {"k": "v"})
    assert pd.read_parquet(path)["outlet"].tolist() == frame["outlet"].tolist()
    assert export.read_parquet_provenance(path) == {"k": "v"}
    with pytest.raises(framing.FramingError, match=r"end the file name with \.csv, \.json or"):
        export.write_table(frame, tmp_path / "outlets.xlsx")
    with pytest.raises(framing.FramingError, match="unknown export format 'xml'"):
        export.encode(frame, "xml")


def contrast_groups(label_a: str = "A1", label_b: str = "B1"):
    """Two invented groups of four articles: "regime shelled" (A) against "army defended" (B),
    and their unigram contrast (thresholds low enough for eight short texts)."""
    a = [framing.Article.make(text=f"The regime shelled the town again, day {i}.", outlet=label_a)
         for i in range(4)]
    b = [framing.Article.make(text=f"The army defended the town again, day {i}.",
                              outlet=label_b) for i in range(4)]
    return a, b, contrast(a, b, min_count=2, min_docs=2, ngrams=(1, 1), boilerplate_min=0)


def test_contrast_table_and_provenance():
    _a, _b, result = contrast_groups()
    table = export.contrast_table(result)
    assert list(table.columns[:3]) == ["group_a", "group_b", "term"]
    assert set(table["group_a"]) == {"A1"} and set(table["group_b"]) == {"B1"}
    first = table.iloc[0]
    assert (first["term"], first["count_a"], first["count_b"]) == ("regime", 4, 0)  # z, then term
    assert table["term"].iloc[-1] == "defended"
    prov = export.contrast_provenance(result)
    assert (prov["group_a"], prov["articles_a"], prov["ngrams"]) == ("A1", 4, "1-1")
    assert prov["method"].startswith("log-odds ratio")
