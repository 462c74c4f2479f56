"""``framing export``: every table in every format from the store or from files, the HTML
report, and the errors that say what to fix."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing.cli import main
from framing.export import read_parquet_provenance
from conftest import write_jsonl

# russia-ukraine: North Wire Kiev x2 + reunification (kremlin) -> +1; South Courier Kyiv x2 +
# annexation (ukraine) -> -1 (hits in title and body).
ARTICLES = [
    {"outlet": "North Wire", "title": "Talks in Kiev",
     "text": "Officials in Kiev welcomed the reunification vote.", "date": "2022-03-01"},
    {"outlet": "South Courier", "title": "Kyiv responds",
     "text": "Kyiv rejected the annexation.", "date": "2022-03-02"},
]


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


@pytest.fixture
def loaded(framing_db, tmp_path):
    src = write_jsonl(tmp_path / "two.jsonl", ARTICLES)
    assert run("load", src).exit_code == 0
    return src


def test_tables_in_each_format_carry_provenance(loaded, tmp_path):
    lexicon = framing.load_lexicon("russia-ukraine")
    out = tmp_path / "scores.parquet"
    result = run("export", "articles", "--out", out)
    assert result.exit_code == 0, result.output
    scores = pd.read_parquet(out).set_index("outlet")
    assert scores["index"].to_dict() == {"North Wire": 1.0, "South Courier": -1.0}
    assert read_parquet_provenance(out)["lexicon_hash"] == lexicon.hash

    out = tmp_path / "hits.json"
    assert run("export", "hits", "--outlet", "South Courier", "--out", out).exit_code == 0
    doc = json.loads(out.read_text("utf-8"))
    assert [r["text"] for r in doc["rows"]] == ["Kyiv", "Kyiv", "annexation"]
    assert doc["provenance"]["outlets"] == "South Courier"
    assert doc["provenance"]["voices"] == "authorial"

    result = run("export", "outlets", loaded)  # from files, CSV on stdout
    assert result.exit_code == 0
    table = pd.read_csv(io.StringIO(result.stdout))
    assert table[["outlet", "n_scored", "index"]].values.tolist() == [
        ["North Wire", 3, 1.0], ["South Courier", 3, -1.0]]
    assert set(table["lexicon_version"]) == {lexicon.version}


def test_csv_neutralises_formulas(loaded, tmp_path):
    evil = write_jsonl(tmp_path / "evil.jsonl", [
        {"outlet": "Evil", "title": '=HYPERLINK("http://x")',
         "text": "They condemned the annexation."}])
    assert run("load", evil).exit_code == 0
    result = run("export", "articles", "--outlet", "Evil")
    table = pd.read_csv(io.StringIO(result.stdout))
    assert table["headline"].tolist() == ["'=HYPERLINK(\"http://x\")"]
    assert table["index"].tolist() == [-1.0]  # numbers stay numbers


def test_report_and_contrast(loaded, tmp_path):
    out = tmp_path / "report.html"
    result = run("export", "report", "--a", "North Wire", "--b", "South Courier", "--out", out)
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "<title>North Wire vs South Courier</title>" in page
    assert page.count("<mark ") == 6 and "<script" not in page

    out = tmp_path / "terms.csv"
    result = run("export", "contrast", "--a", "North Wire", "--b", "South Courier", "--out", out)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out)
    assert {"group_a", "group_b", "term", "z", "alpha0", "framing_version"} <= set(table.columns)
    assert "North Wire (1 article) vs South Courier (1 article)" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["report", "--out", "x.html"], "needs two stored outlets: --a OUTLET --b OUTLET"),
    (["report", "--a", "A", "--b", "B", "--out", "x.csv"], "written as .html"),
    (["articles", "--out", "x.xlsx"], "written as .csv, .json or .parquet"),
    (["articles", "--a", "North Wire"], "pick outlets with --outlet"),
    (["hits", "--outlet", "Nobody"], "--outlet Nobody: no stored articles from that outlet; "
                                   "stored outlets: North Wire, South Courier"),
    (["articles", "--out", "no/such/folder/x.csv"], "the folder no/such/folder does not exist"),
])
def test_errors_say_what_to_fix(loaded, args, message):
    result = run("export", *args)
    assert result.exit_code == 1
    assert message in result.output
