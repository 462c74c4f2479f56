"""`framing contrast` on a tiny store written for this test."""

from __future__ import annotations

import json

from click.testing import CliRunner

from framing.cli import main

LEDGER = ["The Harbour Ledger reports the dam breach flooded farms.",
          "Engineers blamed the breach on neglect.", "A second breach threatened the town.",
          "Farmers counted losses after the breach."]
COURIER = ["Valley Courier: the dam failure flooded homes.", "The failure surprised engineers.",
           "Officials studied the failure for weeks.", "Residents rebuilt after the failure."]
ROWS = ([{"outlet": "Harbour Ledger", "title": "", "text": t} for t in LEDGER]
        + [{"outlet": "Valley Courier", "title": "", "text": t} for t in COURIER])


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def _store(tmp_path):
    db = tmp_path / "c.db"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    assert run("--db", db, "load", src).exit_code == 0
    return db


def test_contrast_prints_both_sides_and_writes_csv(tmp_path):
    db = _store(tmp_path)
    result = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
                 "--ngrams", "1-1", "--top", "2", "--min-count", "2")
    assert result.exit_code == 0, result.output
    assert "Harbour Ledger (4 articles) vs Valley Courier (4 articles)" in result.stderr
    out = result.stdout
    assert out.index("Most typical of Harbour Ledger:") < out.index("breach")
    assert out.index("Most typical of Valley Courier:") < out.index("failure")
    assert "ledger" not in out and "courier" not in out  # outlet names are masked
    csv_path = tmp_path / "terms.csv"
    written = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
                  "--out", csv_path)
    assert written.exit_code == 0, written.output
    header = csv_path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["term", "n", "count_a", "count_b"] and "alpha0" in header


def test_contrast_errors_exit_1(tmp_path):
    db = _store(tmp_path)
    missing = run("--db", db, "contrast", "--a", "Nobody", "--b", "Valley Courier")
    assert missing.exit_code == 1 and "group A has no articles" in missing.stderr
    events = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
                 "--events-only")
    assert events.exit_code == 1 and "'event' label" in events.stderr
    bad = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
              "--ngrams", "x")
    assert bad.exit_code == 1 and "--ngrams 'x'" in bad.stderr
