"""The command-line interface, run as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import framing
from framing import export
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
    assert list(rows[0])[:5] == ["article_id", "outlet", "date", "headline", "concept"]
    assert {(r["outlet"], r["date"]) for r in rows} == {("Press TV", "2015-09-22")}
    [seed] = framing.load_articles([seed_path()]).articles  # the headline the loader reads
    assert {r["headline"] for r in rows} == {export.headline(seed)} and seed.title
    assert {r["lexicon"] for r in rows} == {"russia-ukraine"}
    assert {r["voices"] for r in rows} == {"authorial"}
    reunification = [r for r in rows if r["concept"] == "crimea-2014"][0]
    assert (reunification["frame"], reunification["voice"], reunification["loaded"]) == (
        "kremlin", "authorial", "True")
    jout = tmp_path / "scores.json"
    assert run("score", seed_path(), "--out", jout).exit_code == 0
    payload = json.loads(jout.read_text(encoding="utf-8"))
    assert payload["provenance"]["lexicon_hash"] and payload["rows"][0]["outlet"] == "Press TV"
    pout = tmp_path / "hits.parquet"
    assert run("score", seed_path(), "--hits", "--out", pout).exit_code == 0
    table = pd.read_parquet(pout)
    assert len(table) == 10 and list(table.columns[:5]) == list(rows[0])[:5]
    assert export.read_parquet_provenance(pout)["lexicon"] == "russia-ukraine"


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
    lines = result.stdout.rstrip().splitlines()
    header = lines[0].split()
    assert header[:4] == ["outlet", "n_articles", "n_articles_scored", "n_hits"]
    width = lines[0].index("outlet") + len("outlet")  # the outlet column, right-aligned
    order = [line[:width].strip() for line in lines[1:]]  # outlet ids may hold spaces
    assert set(order[:3]) == {"RT", "TASS", "News Front"}
    for outlet in ("BBC News", "Reuters", "Al Jazeera", "Ukrinform"):
        assert order.index(outlet) > 2
        # lean is the pole only when the interval excludes 0 (else "unclear"): these outlets'
        # intervals lie below 0 on RUWA.
        assert lines[1 + order.index(outlet)].split()[-1] == "ukraine"


def test_errors_exit_1_with_a_message(tmp_path):
    missing = run("score", tmp_path / "nope.txt")
    assert missing.exit_code == 1
    assert "nope.txt" in missing.stderr and "no articles could be loaded" in missing.stderr
    assert "Traceback" not in missing.output
    bad_lex = run("score", seed_path(), "--lexicon", "no-such-lexicon")
    assert bad_lex.exit_code == 1 and "russia-ukraine" in bad_lex.stderr
    bad_out = run("score", seed_path(), "--out", tmp_path / "x.xlsx")
    assert bad_out.exit_code == 1 and "end the file name with .csv, .json or .parquet" in bad_out.stderr
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


# --------------------------------------------------------------------------------------------
# The store commands: load, list, search, outlets (with --db)


def _csv_rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_load_list_search_outlets_on_one_store(tmp_path):
    from framing.cli import _MAX_CELL

    db = tmp_path / "cli.db"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        '{"outlet": "rt.com", "title": "Crimea vote", "text": "The reunification of Crimea '
        'was celebrated.", "date": "2022-03-18"}\n'
        '{"outlet": "BBC", "title": "Crimea anniversary", "text": "Eight years since the '
        'annexation of Crimea.", "date": "2022-03-18"}\n'
        '{"outlet": "https://www.bbc.co.uk/news/x", "title": "Kyiv talks", "text": "Talks in '
        'Kyiv resumed after the annexation row.", "date": "2022-04-02"}\n'
        "{broken\n", encoding="utf-8")
    first = run("--db", db, "load", folder)
    assert first.exit_code == 0, first.output
    assert f"Warning: {folder / 'a.jsonl'}:4: line 4 is not valid JSON" in first.stderr
    assert f"{folder}: 3 article(s) read, 3 new, 1 problem(s)." in first.stderr
    again = run("--db", db, "load", folder)
    assert f"{folder}: 3 article(s) read, 0 new, 1 problem(s)." in again.stderr
    assert "Store " + str(db) + ": 3 article(s); 0 added." in again.stderr

    listed = run("--db", db, "list", "--outlet", "BBC News", "--out", tmp_path / "list.csv")
    assert listed.exit_code == 0, listed.output
    assert [(r["outlet"], r["date"], r["title"]) for r in _csv_rows(tmp_path / "list.csv")] == [
        ("BBC News", "2022-03-18", "Crimea anniversary"),
        ("BBC News", "2022-04-02", "Kyiv talks")]

    # an untitled article is listed by the start of its text, in brackets
    (tmp_path / "untitled.txt").write_text("Kiev\n  says   the talks failed. " + "x" * 200,
                                           encoding="utf-8")
    other = tmp_path / "untitled.db"
    assert run("--db", other, "load", tmp_path / "untitled.txt").exit_code == 0
    untitled = run("--db", other, "list")
    assert untitled.exit_code == 0, untitled.output
    title = untitled.stdout.splitlines()[1].split(" ", 3)[-1].strip()
    assert title.startswith("[Kiev says the talks failed. xxx") and title.endswith("x…]")
    assert len(title) == _MAX_CELL  # fits the terminal table's cell
    # a file keeps the (empty) title and gives the opening in its own column
    assert run("--db", other, "list", "--out", tmp_path / "all.csv").exit_code == 0
    row = _csv_rows(tmp_path / "all.csv")[-1]
    assert row["title"] == "" and " ".join(row["opening"].split()).startswith("Kiev says the talks")

    found = run("--db", db, "search", "annexation", "--limit", "5")
    assert found.exit_code == 0, found.output
    lines = found.stdout.strip().splitlines()
    assert lines[0].split()[:4] == ["id", "outlet", "date", "title"] and len(lines) == 3
    assert all(" BBC News " in line for line in lines[1:])
    assert "[annexation]" in found.stdout and "2 match(es) shown, best first." in found.stderr
    capped = run("--db", db, "search", "annexation", "--limit", "1")
    assert "1 match(es) shown, best first; there may be more: raise --limit." in capped.stderr
    bad = run("--db", db, "search", '"open')
    assert bad.exit_code == 1 and "is not valid" in bad.stderr

    out = tmp_path / "outlets.csv"
    outlets_run = run("--db", db, "outlets", "--lexicon", MINI_LEXICON, "--out", out)
    assert outlets_run.exit_code == 0, outlets_run.output
    rows = _csv_rows(out)
    assert list(rows[0])[:9] == ["outlet", "n_articles", "first_date", "last_date", "n_scored",
                                 "index", "ci_low", "ci_high", "lean"]
    by_outlet = {r["outlet"]: r for r in rows}
    assert [by_outlet["BBC News"][k] for k in ("n_articles", "first_date", "last_date")] == [
        "2", "2022-03-18", "2022-04-02"]
    assert [by_outlet["RT"][k] for k in ("n_articles", "first_date", "last_date")] == [
        "1", "2022-03-18", "2022-03-18"]
    # lean is the library's (the pole only when the interval excludes 0, else "unclear"):
    # the CLI prints it as is.
    import framing

    with framing.ArticleStore(db) as store:
        library = framing.analyse(store.articles(), str(MINI_LEXICON)).outlet_scores
    leans = dict(zip(library["outlet"], library["lean"]))
    assert (by_outlet["RT"]["lean"], by_outlet["BBC News"]["lean"]) == (leans["RT"],
                                                                          leans["BBC News"])
    assert leans["BBC News"] in ("ukraine", "unclear") and leans["RT"] in ("kremlin", "unclear")
    assert "2 outlet(s), 3 article(s)." in outlets_run.stderr
    printed = run("--db", db, "outlets", "--lexicon", MINI_LEXICON)
    assert printed.stdout.splitlines()[0].split() == [
        "outlet", "n_articles", "first_date", "last_date", "n_scored", "index", "ci_low",
        "ci_high", "lean"]


def test_db_env_and_empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "env.db"))
    assert run("load").exit_code == 1 and not (tmp_path / "env.db").exists()
    empty_file = tmp_path / "empty.txt"
    empty_file.write_text("", encoding="utf-8")
    assert run("load", empty_file).exit_code == 1  # load may create the store, even for nothing
    assert (tmp_path / "env.db").exists()
    empty = run("outlets")
    assert empty.exit_code == 1 and "is empty; load articles first" in empty.stderr


@pytest.mark.parametrize("args", [
    ["list"], ["search", "dam"], ["outlets"], ["score"], ["contrast", "--a", "A", "--b", "B"],
    ["events", "list"], ["events", "name", "ev-1", "x"], ["align", "ab", "cd"],
    ["export", "articles"], ["export", "contrast", "--a", "A", "--b", "B"],
])
def test_read_only_commands_create_no_store(tmp_path, monkeypatch, args):
    db = tmp_path / "nodir" / "x.db"
    result = run("--db", db, *args)
    assert result.exit_code == 1
    assert (f"Error: no article store at {db}; load articles first with `framing load PATH` "
            "(or give --db)") in result.stderr
    assert not db.parent.exists()
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "typo.db"))  # the default store alike
    assert run(*args).exit_code == 1 and not (tmp_path / "typo.db").exists()


def test_load_with_aliases_file(tmp_path):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("outlets:\n  Harbour Ledger: [hl]\n", encoding="utf-8")
    src = tmp_path / "x.csv"
    src.write_text("outlet,text\nHL,The harbour council met on Monday.\n", encoding="utf-8")
    db = tmp_path / "a.db"
    assert run("--db", db, "--aliases", aliases, "load", src).exit_code == 0
    assert run("--db", db, "list", "--out", tmp_path / "l.csv").exit_code == 0
    assert [r["outlet"] for r in _csv_rows(tmp_path / "l.csv")] == ["Harbour Ledger"]


@pytest.mark.parametrize(("name", "articles", "outlets"), [
    ("basil", 300, {"Fox News": "100", "The New York Times": "100", "HuffPost": "100"}),
    ("newswcl50", 50, {"Breitbart News": "10", "USA Today": "10"}),
    ("ukraine_news_bias", 90, {"(unknown)": "90"}),
])
def test_load_dataset_and_outlet_counts_match_readme(tmp_path, name, articles, outlets):
    db = tmp_path / f"{name}.db"
    loaded = run("--db", db, "load", "--dataset", name, data_path(name))
    assert loaded.exit_code == 0, loaded.output
    result = run("--db", db, "outlets", "--out", tmp_path / "o.csv")
    assert result.exit_code == 0, result.output
    assert f", {articles} article(s)." in result.stderr
    counts = {r["outlet"]: r["n_articles"] for r in _csv_rows(tmp_path / "o.csv")}
    assert {k: counts[k] for k in outlets} == outlets


@pytest.mark.parametrize(("text", "message"), [
    ("outlets:\n  Harbour Ledger: hl\n",
     "the aliases of outlet 'Harbour Ledger' must be a list, got the string 'hl'; write it as "
     "Harbour Ledger: [hl]"),
    ("outlets:\n  Harbour Ledger: [hl\n  Valley: [v]\n",
     "the outlet alias table is not valid YAML at line 3, column 9 (expected ',' or ']', "
     "but got ':')"),
])
def test_broken_aliases_file_stops_before_reading_data(tmp_path, monkeypatch, text, message):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(text, encoding="utf-8")
    src = tmp_path / "x.csv"
    src.write_text("outlet,text\nHL,The harbour council met on Monday.\n", encoding="utf-8")
    db = tmp_path / "a.db"
    result = run("--db", db, "--aliases", aliases, "load", src)
    assert result.exit_code == 1
    assert f"Error: {aliases.resolve()}: {message}" in result.stderr
    assert "Loaded" not in result.stderr and not db.exists()
    monkeypatch.setenv("FRAMING_ALIASES", str(aliases))  # the variable is checked the same way
    result = run("--db", db, "load", src)
    assert result.exit_code == 1 and message in result.stderr and not db.exists()


def test_load_exits_1_when_nothing_was_read(tmp_path):
    empty, binary = tmp_path / "empty.txt", tmp_path / "blob.txt"
    empty.write_text("", encoding="utf-8")
    binary.write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "n.db"
    result = run("--db", db, "load", empty, binary)
    assert result.exit_code == 1
    assert "Error: no articles loaded: every file had a problem (2, see the warnings above)" \
        in result.stderr
    good = tmp_path / "x.csv"
    good.write_text("outlet,text\nHL,The harbour council met on Monday.\n", encoding="utf-8")
    assert run("--db", db, "load", good).exit_code == 0
    again = run("--db", db, "load", good)  # already stored: nothing new, but no failure
    assert again.exit_code == 0 and "1 article(s) read, 0 new, 0 problem(s)." in again.stderr
    mixed = run("--db", db, "load", good, empty)  # something was read: the problem is a warning
    assert mixed.exit_code == 0, mixed.output


def test_aliases_option_does_not_leak(tmp_path, monkeypatch):
    monkeypatch.delenv("FRAMING_ALIASES", raising=False)
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("outlets:\n  Harbour Ledger: [hl]\n", encoding="utf-8")
    src = tmp_path / "x.csv"
    src.write_text("outlet,text\nHL,The harbour council met on Monday.\n", encoding="utf-8")
    assert run("--db", tmp_path / "x.db", "--aliases", aliases, "load", src).exit_code == 0
    import os

    assert "FRAMING_ALIASES" not in os.environ


# --------------------------------------------------------------------------------------------
# New-user findings: --out checked first, hints name real options, empty cells, ISO dates,
# --lexicon folder, headline/url/source on every per-article row


def test_out_is_checked_before_any_work(tmp_path):
    missing = tmp_path / "nonexist" / "x.csv"
    result = run("score", seed_path(), "--out", missing)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: --out {missing}: the folder {missing.parent} does not "
                             f"exist; create it first (mkdir -p {missing.parent}) or write "
                             "somewhere else\n")
    assert not missing.parent.exists()
    wrong = run("score", seed_path(), "--out", tmp_path / "x.txt")
    assert wrong.exit_code == 1
    assert wrong.stderr == (f"Error: --out {tmp_path / 'x.txt'}: unknown format .txt; end the "
                            "file name with .csv, .json or .parquet\n")  # nothing loaded first
    db = tmp_path / "s.db"
    for args in (["list"], ["outlets"], ["contrast", "--a", "A", "--b", "B"]):
        refused = run("--db", db, *args, "--out", tmp_path / "out.xlsx")
        assert refused.exit_code == 1 and "end the file name with .csv, .json or .parquet" in refused.stderr
        assert "Traceback" not in refused.output


def _options(command_name: str) -> set[str]:
    command = main.commands[command_name]
    names = {o for p in command.params + main.params for o in getattr(p, "opts", [])}
    return names | {"--help"}


def test_every_hint_names_a_real_option_of_its_command(tmp_path):
    (tmp_path / "page.xyz").write_text("Kyiv rejected the annexation of Crimea.", encoding="utf-8")
    (tmp_path / "big.txt").write_text("Kyiv " * 300_000, encoding="utf-8")  # 1.4 MiB
    (tmp_path / "rows.csv").write_text("text\nKyiv one.\nKyiv two.\n", encoding="utf-8")
    (tmp_path / "notext.csv").write_text("body_html,src\nKyiv,RT\n", encoding="utf-8")
    cases = [(["page.xyz"], "--format text"),
             (["big.txt", "--max-file-mb", "1"], "--max-file-mb"),
             (["rows.csv", "--max-records", "1"], "--max-records"),
             (["notext.csv"], "--map text=<column>")]
    for command in ("load", "score", "outlets"):
        for args, hint in cases:
            paths = [str(tmp_path / args[0]), *args[1:]]
            result = run("--db", tmp_path / "h.db", command, *paths)
            assert hint in result.stderr, (command, args, result.stderr)
            named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", result.stderr))
            assert named <= _options(command), (command, named - _options(command))
    fixed = run("score", tmp_path / "page.xyz", "--format", "text", "--lexicon", MINI_LEXICON)
    assert fixed.exit_code == 0 and "Loaded 1 article(s)." in fixed.stderr


def test_map_errors_use_cli_syntax(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("body,src\nKyiv rejected the annexation.,RT\n", encoding="utf-8")
    bad = run("score", src, "--map", "foo=bar")
    assert bad.exit_code == 1
    assert bad.stderr == ("Error: --map foo=bar: unknown field 'foo'; FIELD is one of text, "
                          "title, outlet, date, url, labels, e.g. --map text=body "
                          "--map outlet=source\n")
    assert "labels=COL1,COL2" in run("score", "--help").stdout
    db = tmp_path / "m.db"
    ok = run("--db", db, "load", src, "--map", "text=body", "--map", "outlet=src",
             "--map", "labels=src")
    assert ok.exit_code == 0, ok.output
    with __import__("framing").ArticleStore(db) as store:
        [article] = store.articles()
    assert (article.outlet, article.labels) == ("RT", (("src", "RT"),))


def test_printed_tables_show_empty_cells_not_none_or_nan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    src = Path("x.csv")
    src.write_text("text\nNo loaded term here.\n", encoding="utf-8")
    result = run("score", src, "--lexicon", MINI_LEXICON)
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split() == ["article_id", "outlet", "date", "headline", "source", "n_hits",
                              "n_scored", "n_concepts", "n_pos", "n_neg", "index", "ci_low",
                              "ci_high", "lean"]
    assert row.split()[1:] == ["No", "loaded", "term", "here.", f"{src}:row", "1", "0", "0",
                               "0", "0.000", "0.000", "-1.000", "1.000"]
    for text in (result.stdout, run("--db", tmp_path / "e.db", "load", src).stdout,
                 run("--db", tmp_path / "e.db", "list").stdout):
        assert "None" not in text and "NaN" not in text and "nan" not in text


def test_json_dates_are_plain_iso_dates_like_csv(tmp_path):
    jout, cout = tmp_path / "s.json", tmp_path / "s.csv"
    assert run("score", seed_path(), "--out", jout).exit_code == 0
    assert run("score", seed_path(), "--out", cout).exit_code == 0
    [row] = json.loads(jout.read_text(encoding="utf-8"))["rows"]
    [crow] = _csv_rows(cout)
    assert row["date"] == crow["date"] == "2015-09-22"


def test_lexicon_folder_says_it_is_a_folder(tmp_path):
    (tmp_path / "mine.yaml").write_text("name: x\n", encoding="utf-8")
    result = run("score", seed_path(), "--lexicon", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: --lexicon {tmp_path}: is a folder, not a lexicon file; it holds mine.yaml. "
        f"Give one YAML file, e.g. --lexicon {tmp_path / 'mine.yaml'}, or a shipped name: ")
    assert "Loaded" not in result.stderr  # refused before loading


def test_per_article_rows_say_which_article_they_are(tmp_path):
    src = tmp_path / "ruwa-like.jsonl"
    long_text = ("Kiev regime shells Donetsk again as the special military operation goes on "
                 "and officials in Moscow say the goals will be met in full, whatever it takes. "
                 "Second sentence.")
    src.write_text(json.dumps({"outlet": "RT", "title": "", "text": long_text,
                               "url": "https://www.rt.com/news/1", "date": "2022-03-01"}) + "\n"
                   + json.dumps({"outlet": "BBC", "title": "Kyiv talks",
                                 "text": "Talks in Kyiv.", "date": "2022-03-02"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "scores.csv"
    assert run("score", src, "--out", out).exit_code == 0
    rows = _csv_rows(out)
    assert list(rows[0])[:7] == ["article_id", "outlet", "date", "title", "headline", "url",
                                 "source"]
    assert [(r["title"], r["headline"], r["url"], r["source"]) for r in rows] == [
        ("", "Kiev regime shells Donetsk again as the special military operation goes on and "
             "officials in Moscow say the goals will…",
         "https://www.rt.com/news/1", f"{src}:1"),
        ("Kyiv talks", "Kyiv talks", "", f"{src}:2")]
    assert len(rows[0]["headline"]) <= 120


def test_score_help_example_has_no_run_of_spaces():
    text = run("score", "--help").stdout
    assert "--scheduler tcp://10.0.0.5:8786 \\\n" in text
    assert not [line for line in text.splitlines() if re.search(r"\S {4,}\S", line)
                and "--" not in line.strip()[:2]]


def test_predict_and_evaluate_on_a_missing_store_create_nothing(tmp_path, monkeypatch):
    from framing.classify import train
    from framing.modelfile import save_model

    texts = ["Tax cuts and border security", "The committee met on Tuesday",
             "Climate justice and health care"] * 3
    model = train(texts, ["right", "center", "left"] * 3, lexicons=[str(MINI_LEXICON)],
                  word_min_df=1)
    path = tmp_path / "slant.skops"
    save_model(model, path, kind="slant", card={"data": "hand-written", "split": "none"})
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "default" / "framing.db"))
    for command in ("predict", "evaluate"):
        result = run(command, path)
        assert result.exit_code == 1, result.output
        assert f"no article store at {tmp_path / 'default' / 'framing.db'}" in result.stderr
    assert not (tmp_path / "default").exists()
