"""`framing contrast` on a tiny store written for this test."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.lexicon import load_lexicon
from helpers import data_path

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
                  "--min-count", "2", "--out", csv_path)
    assert written.exit_code == 0, written.output
    header = csv_path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:6] == ["group_a", "group_b", "term", "n", "count_a", "count_b"]
    assert "alpha0" in header
    assert csv_path.read_text(encoding="utf-8").splitlines()[1].startswith(
        "Harbour Ledger,Valley Courier,")


def test_contrast_errors_exit_1(tmp_path):
    db = _store(tmp_path)
    missing = run("--db", db, "contrast", "--a", "Nobody", "--b", "Valley Courier")
    assert missing.exit_code == 1 and "--a Nobody: no stored articles" in missing.stderr
    events = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
                 "--events-only")
    assert events.exit_code == 1 and "'event' label" in events.stderr
    bad = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
              "--ngrams", "x")
    assert bad.exit_code == 1 and "--ngrams 'x'" in bad.stderr
    few = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier")
    assert few.exit_code == 0 and "No term reached --min-count 5" in few.stderr
    assert "--min-count 2" in few.stderr
    wide = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
               "--ngrams", "0-9")
    assert wide.exit_code == 1
    assert "--ngrams 0-9: n-grams run from 1 word to 5 words; e.g. --ngrams 1-3" in wide.stderr


def _store_with_third(tmp_path):
    """Two outlets with terms seen ≥ 5 times plus a third outlet, so 'every stored article'
    differs from 'A and B'."""
    places = ["Arden", "Bexley", "Corran", "Dunmore", "Elgin", "Fenwick"]
    rows = ([{"outlet": "Harbour Ledger", "text": f"In {p} the breach flooded farms."}
             for p in places]
            + [{"outlet": "Valley Courier", "text": f"The failure flooded homes near {p}."}
               for p in places]
            + [{"outlet": "Hill Gazette", "text": f"{p} saw a breach, not a failure; it flooded."}
               for p in places[:5]])
    db, src = tmp_path / "three.db", tmp_path / "three.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert run("--db", db, "load", src).exit_code == 0
    return db


def test_export_contrast_uses_every_stored_article_like_contrast(tmp_path):
    import pandas as pd

    from framing.contrast import contrast
    from framing.store import ArticleStore

    db = _store_with_third(tmp_path)
    args = ["--a", "Harbour Ledger", "--b", "Valley Courier"]
    cli_csv, export_csv = tmp_path / "cli.csv", tmp_path / "export.csv"
    ran = run("--db", db, "contrast", *args, "--out", cli_csv)
    assert ran.exit_code == 0, ran.output
    exported = run("--db", db, "export", "contrast", *args, "--out", export_csv)
    assert exported.exit_code == 0, exported.output
    z_cli = pd.read_csv(cli_csv, comment="#").set_index("term")["z"]
    z_export = pd.read_csv(export_csv, comment="#").set_index("term")["z"]
    for term in ("breach", "failure", "flooded"):
        assert z_export[term] == pytest.approx(z_cli[term], rel=1e-12)
    # ... and both use the whole store as the background, not only the two outlets.
    store = ArticleStore(db)
    everything = store.articles()
    store.close()
    a = [x for x in everything if x.outlet == "Harbour Ledger"]
    b = [x for x in everything if x.outlet == "Valley Courier"]
    whole = contrast(a, b, background=everything).terms.set_index("term")["z"]
    pair = contrast(a, b).terms.set_index("term")["z"]
    assert z_export["breach"] == pytest.approx(whole["breach"], rel=1e-12)
    assert whole["breach"] != pytest.approx(pair["breach"], rel=1e-6)


def test_contrast_accepts_aliases_and_names_stored_outlets(tmp_path):
    db = _store(tmp_path)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("outlets:\n  Harbour Ledger: [ledger.example]\n"
                       "  Valley Courier: [courier.example]\n", encoding="utf-8")
    ok = run("--db", db, "--aliases", aliases, "contrast", "--a", "https://www.ledger.example/x",
             "--b", "courier.example", "--ngrams", "1-1", "--min-count", "2")
    assert ok.exit_code == 0, ok.output
    assert "Harbour Ledger (4 articles) vs Valley Courier (4 articles)" in ok.stderr
    for cmd in (["contrast"], ["export", "contrast"]):
        missing = run("--db", db, *cmd, "--a", "nobody.example", "--b", "Valley Courier")
        assert missing.exit_code == 1
        assert ("--a nobody.example: no stored articles from that outlet; stored outlets: "
                "Harbour Ledger, Valley Courier. See them with `framing outlets` or "
                "`framing list`") in missing.stderr
        same = run("--db", db, *cmd, "--a", "Valley Courier", "--b", "Valley Courier")
        assert same.exit_code == 1
        assert "--a and --b are the same outlet (Valley Courier)" in same.stderr
    backwards = run("--db", db, "contrast", "--a", "Harbour Ledger", "--b", "Valley Courier",
                    "--ngrams", "3-1")
    assert backwards.exit_code == 1 and "--ngrams 3-1: LO must be ≤ HI" in backwards.stderr


def test_candidates_add_a_term_to_the_lexicon_beside_the_store(tmp_path):
    db = _store(tmp_path)
    args = ["--db", db, "candidates", "--a", "Harbour Ledger", "--b", "Valley Courier",
            "--min-count", "2"]
    added = run(*args, "--add", "Breach")
    assert added.exit_code == 0, added.output
    target = tmp_path / "lexicons" / "my-terms.yaml"  # where the dashboard looks
    assert f"Added “breach” (typical of Harbour Ledger, z=" in added.stderr
    lexicon = load_lexicon(target)
    [concept] = lexicon.concepts
    assert (concept.id, [v.terms for v in concept.variants]) == ("breach", [("breach",)])
    assert lexicon.frame_names == ("harbour-ledger",)
    assert concept.sources[0].startswith("framing contrast Harbour Ledger vs Valley Courier: z=")
    assert concept.sources[0].endswith("counts 4/0")
    again = run(*args, "--add", "breach")
    assert again.exit_code == 0
    assert "“breach” is already in my-terms (concept 'breach'); nothing was added." in again.stderr
    assert load_lexicon(target) == lexicon
    unknown = run(*args, "--add", "levee")
    assert unknown.exit_code == 1 and "“levee” is not among the terms of this contrast" in (
        unknown.output)
    alone = run(*args, "--to", tmp_path / "x.yaml")
    assert alone.exit_code == 1 and "--to, --concept and --category go with --add" in alone.output


def test_candidates_lists_what_the_library_finds(tmp_path):
    from framing import ArticleStore  # noqa: PLC0415
    from framing.bgcache import StoreBackground  # noqa: PLC0415
    from framing.candidates import candidates  # noqa: PLC0415
    from framing.contrast import contrast  # noqa: PLC0415

    db = tmp_path / "r.db"
    assert run("--db", db, "load", data_path("ruwa")).exit_code == 0
    out = tmp_path / "c.json"
    done = run("--db", db, "candidates", "--a", "RT", "--b", "BBC News", "--top", "5",
               "--out", out)
    assert done.exit_code == 0, done.output
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    store = ArticleStore(db)
    result = contrast(store.articles(outlets=["RT"]), store.articles(outlets=["BBC News"]),
                      background=StoreBackground.for_store(store))
    expected = candidates(result, top=5)
    assert [(r["side"], r["term"]) for r in rows] == list(zip(expected["side"],
                                                              expected["term"]))
    assert 0 < len(rows) <= 10 and {r["side"] for r in rows} <= {"RT", "BBC News"}
    # the same as CSV: provenance as columns (the contrast's mask list is one cell, not a
    # column spread over the rows)
    out_csv = tmp_path / "c.csv"
    assert run("--db", db, "candidates", "--a", "RT", "--b", "BBC News", "--top", "5",
               "--out", out_csv).exit_code == 0
    table = pd.read_csv(out_csv, keep_default_na=False)
    assert list(zip(table["side"], table["term"])) == [(r["side"], r["term"]) for r in rows]
    assert set(table["mask"]) == {"[]"} and set(table["store"]) == {str(db)}
