"""The command-line interface, run as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from framing.cli import main
from helpers import MINI_LEXICON, REPO, data_path, seed_path


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_score_seed_prints_one_row(tmp_path):
    result = run("score", seed_path())
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and "Press TV" in lines[1] and "kremlin" in lines[1]
    assert "Loaded 1 article(s)." in result.stderr


def test_score_hits_csv_and_json(tmp_path):
    out = tmp_path / "hits.csv"
    assert run("score", seed_path(), "--hits", "--out", out).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 10
    assert {r["lexicon"] for r in rows} == {"russia-ukraine"}
    assert {r["voices"] for r in rows} == {"authorial"}
    reunification = [r for r in rows if r["concept"] == "crimea-2014"][0]
    assert (reunification["frame"], reunification["voice"], reunification["loaded"]) == (
        "kremlin", "authorial", "True")
    jout = tmp_path / "scores.json"
    assert run("score", seed_path(), "--out", jout).exit_code == 0
    payload = json.loads(jout.read_text(encoding="utf-8"))
    assert payload["provenance"]["lexicon_hash"] and payload["rows"][0]["outlet"] == "Press TV"


def test_csv_export_neutralises_formulas(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('outlet,title,text,date\n=HYPERLINK("x"),+evil,"Kyiv rejected annexation.",2022-03-01\n',
                   encoding="utf-8")
    out = tmp_path / "scores.csv"
    result = run("score", src, "--lexicon", MINI_LEXICON, "--out", out)
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["outlet"] == "'=HYPERLINK(\"x\")" and row["title"] == "'+evil"
    assert row["index"] == "-1.0"  # numbers are not touched


def test_outlets_on_ruwa_orders_state_media_first():
    result = run("outlets", data_path("ruwa"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    header = lines[0].split()
    assert header[:4] == ["outlet", "n_articles", "n_articles_scored", "n_hits"]
    order = [line[:18].strip() for line in lines[1:]]  # outlet ids may hold spaces
    assert set(order[:3]) == {"RT", "TASS", "News Front"}
    for outlet in ("BBC News", "Reuters", "Al Jazeera", "Ukrinform"):
        assert order.index(outlet) > 2
        assert lines[1 + order.index(outlet)].split()[-1] == "ukraine"


def test_errors_exit_1_with_a_message(tmp_path):
    missing = run("score", tmp_path / "nope.txt")
    assert missing.exit_code == 1
    assert "nope.txt" in missing.stderr and "no articles could be loaded" in missing.stderr
    assert "Traceback" not in missing.output
    bad_lex = run("score", seed_path(), "--lexicon", "no-such-lexicon")
    assert bad_lex.exit_code == 1 and "russia-ukraine" in bad_lex.stderr
    bad_out = run("score", seed_path(), "--out", tmp_path / "x.xlsx")
    assert bad_out.exit_code == 1 and "end the file name with .csv or .json" in bad_out.stderr
    bad_map = run("score", seed_path(), "--map", "text")
    assert bad_map.exit_code == 1 and "FIELD=COLUMN" in bad_map.stderr


def test_one_bad_file_warns_and_the_rest_score(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "good.txt").write_text(
        "Kyiv rejected the annexation of Crimea on Monday, officials said in a statement.\n",
        encoding="utf-8")
    result = run("score", tmp_path, "--lexicon", MINI_LEXICON)
    assert result.exit_code == 0
    assert "empty.txt" in result.stderr and "Loaded 1 article(s)." in result.stderr


def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "framing", "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "python -m framing outlets" in proc.stdout
