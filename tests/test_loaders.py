"""Tests for framing.loaders and framing.outlets.

The seed page scrape is read from ``../shared/seeds`` (never copied here); every other fixture is
text we wrote ourselves (``tests/fixtures/loaders/``) or bytes generated in ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import FramingError, LoadError
from framing.loaders import (
    LoadReport,
    decode_bytes,
    format_for,
    load_articles,
    parse_date,
    parse_html,
    parse_page_text,
)
from framing.outlets import load_aliases, normalise_outlet

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loaders"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS / "000_7b49ad51175fd8cb.txt"
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def _reasons(report: LoadReport) -> dict[str, str]:
    return {problem.source: problem.reason for problem in report.problems}


# --------------------------------------------------------------------------------------------
# The seed page scrape


@pytest.fixture(scope="module")
def seed_article():
    if not SEED.is_file():
        pytest.skip(f"seed page scrape not found at {SEED} (the shared folder is absent)")
    report = load_articles([SEED])
    assert report.problems == ()
    assert len(report) == 1
    return report.articles[0]


def test_seed_metadata(seed_article):
    assert seed_article.outlet == "Press TV"
    assert seed_article.date == dt.date(2015, 9, 22)
    assert seed_article.title == "Ukraine, NATO agree to expansion of cooperation"
    assert seed_article.source == str(SEED)
    assert seed_article.url == ""


def test_seed_body_has_only_the_prose(seed_article):
    paragraphs = seed_article.text.split("\n\n")
    assert len(paragraphs) == 13
    assert paragraphs[0].startswith("Ukraine and NATO have signed")
    assert paragraphs[-1].startswith("Russian President Vladimir Putin has said")
    assert paragraphs[-1].endswith('"unprofessional actions" of the West.')
    assert all(SENTENCE_END.search(p) for p in paragraphs)
    # no header line (outlet, headline, date) leaked into the body
    assert all(len(p.split()) >= 8 for p in paragraphs)
    assert seed_article.title not in seed_article.text
    assert "Press TV" not in seed_article.text
    assert "mailing list" not in seed_article.text
    assert "donation" not in seed_article.text


def test_seed_parses_the_same_as_pasted_text(seed_article):
    pasted = parse_page_text(SEED.read_text(encoding="utf-8"))
    assert pasted.source == "<pasted text>"
    assert (pasted.id, pasted.text, pasted.title) == (
        seed_article.id, seed_article.text, seed_article.title)


# --------------------------------------------------------------------------------------------
# Other page scrapes (our own invented text): the rules are general


def test_invented_page_scrape():
    article = parse_page_text((FIXTURES / "page_scrape.txt").read_text(encoding="utf-8"))
    assert article.title == "Flood barrier plan approved after decade of delays"
    assert article.outlet == "Harbour City Gazette"  # unknown outlet, repeated in the header
    assert article.date == dt.date(2019, 3, 14)  # "Published: 14 March 2019"
    assert article.text.split("\n\n") == [
        "The city council approved on Thursday a long-delayed plan to build a flood barrier "
        "across the mouth of the river, ending a decade of debate.",
        "Councillors voted 31 to 9 in favour of the scheme, which engineers say will protect "
        "some 40,000 homes from storm surges.",
        "It passed.",
        '"We have waited long enough for this barrier," the council leader told reporters '
        "after the vote.",
        "Construction is expected to begin next spring and to take about four years, according "
        "to the project's timetable.",
    ]


def test_headline_with_outlet_suffix_hard_wrapped_body_and_closing_sentence():
    raw = (
        "Menu\n"
        "Reuters | Mon 5 Jun 2017\n"
        "Wind farm opens off the coast - Reuters\n"
        "\n"
        "A new offshore wind farm began supplying power on Monday, the\n"
        "operator said, adding that it could serve about 300,000 homes once\n"
        "all of its turbines are running.\n"
        "\n"
        "The project was delayed by two years after a dispute over cables and\n"
        "harbour access, which was settled in court last spring.\n"
        "\n"
        "Officials declined to comment.\n"
        "\n"
        "Follow us on Twitter\n"
    )
    article = parse_page_text(raw, source="wind.txt")
    assert article.title == "Wind farm opens off the coast"
    assert article.outlet == "Reuters"
    assert article.date == dt.date(2017, 6, 5)
    assert article.source == "wind.txt"
    assert article.text.split("\n\n") == [
        "A new offshore wind farm began supplying power on Monday, the operator said, adding "
        "that it could serve about 300,000 homes once all of its turbines are running.",
        "The project was delayed by two years after a dispute over cables and harbour access, "
        "which was settled in court last spring.",
        "Officials declined to comment.",
    ]


def test_header_lines_in_one_block_are_not_joined():
    raw = (
        "Regional Transport and Infrastructure Coverage\n"
        "Night trains return to the coastal line after a long pause\n"
        "\n"
        "Night trains will run again on the coastal line from May, the operator said on "
        "Wednesday, after a pause of almost ten years.\n"
    )
    article = parse_page_text(raw)
    assert article.title == "Night trains return to the coastal line after a long pause"
    assert article.text.startswith("Night trains will run again")
    assert "\n\n" not in article.text


def test_plain_paragraphs_get_no_invented_metadata():
    raw = (
        "The museum reopened its east wing on Friday after three years of repairs to the roof.\n\n"
        "Visitors queued from early morning, and staff said tickets for the weekend sold out.\n"
    )
    article = parse_page_text(raw)
    assert (article.title, article.outlet, article.date, article.url) == ("", "", None, "")
    assert article.text == raw.strip()


def test_short_pasted_text_is_kept_whole():
    article = parse_page_text("Troops crossed the border.")
    assert article.text == "Troops crossed the border."
    assert article.title == ""


def test_prose_mentioning_donations_is_not_chrome():
    raw = ("Donors gave more than expected this year, and the charity said its donation "
           "total had doubled since the floods.\n\nThe money will pay for new shelters in the "
           "valley, its director told reporters on Tuesday.\n")
    assert parse_page_text(raw).text.count("\n\n") == 1


@pytest.mark.parametrize("raw", ["", "   \n\n  \t"])
def test_empty_pasted_text_raises(raw):
    with pytest.raises(LoadError, match="is empty"):
        parse_page_text(raw)


# --------------------------------------------------------------------------------------------
# parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-09-22", dt.date(2015, 9, 22)),
        ("2015-09-22T14:47:00Z", dt.date(2015, 9, 22)),
        ("2015-09-22 14:47:00+03:00", dt.date(2015, 9, 22)),
        ("2015/09/22", dt.date(2015, 9, 22)),
        ("Tue Sep 22, 2015 2:47PM", dt.date(2015, 9, 22)),
        ("September 22, 2015", dt.date(2015, 9, 22)),
        ("22 September 2015", dt.date(2015, 9, 22)),
        ("Tue, 22 Sep 2015 14:47:00 +0000", dt.date(2015, 9, 22)),
        ("09/22/2015", dt.date(2015, 9, 22)),
        ("22/09/2015", dt.date(2015, 9, 22)),
        ("22.09.2015", dt.date(2015, 9, 22)),
        ("03/03/2015", dt.date(2015, 3, 3)),
        ("20150922", dt.date(2015, 9, 22)),
        ("03/04/2015", None),  # day and month both <= 12: ambiguous
        ("09/22/15", None),  # two-digit year
        ("September 2015", None),  # no day
        ("2015", None),
        ("Monday", None),
        ("2:47PM", None),
        ("2015-02-30", None),
        ("Iran Press TV", None),
        ("Weapons of Mass Destruction (WMD)", None),
        ("", None),
        (None, None),
        (dt.date(2015, 9, 22), dt.date(2015, 9, 22)),
        (dt.datetime(2015, 9, 22, 23, 59), dt.date(2015, 9, 22)),
        (pd.Timestamp("2015-09-22 14:47"), dt.date(2015, 9, 22)),
        (pd.NaT, None),
        (1442933220, dt.date(2015, 9, 22)),  # Unix seconds, 14:47 UTC
        (1442933220000, dt.date(2015, 9, 22)),  # milliseconds
        (float("nan"), None),
        (True, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --------------------------------------------------------------------------------------------
# Tables


def test_json_list():
    path = FIXTURES / "articles.json"
    report = load_articles([path])
    assert [(a.title, a.outlet, a.date, a.url, a.source) for a in report] == [
        ("Ferry service resumes on the northern route", "Example Daily", dt.date(2020, 5, 4),
         "https://example.org/ferry", f"{path}[0]"),
        ("Library extends opening hours", "examplenews.test", dt.date(2020, 5, 18),
         "https://examplenews.test/local/library", f"{path}[1]"),
    ]
    assert report.articles[0].text == (
        "The ferry company said on Monday that crossings would resume after repairs.\n\n"
        "Passengers were told to expect delays.")
    assert _reasons(report) == {
        f"{path}[2]": "no text in column 'body'; row skipped, the others loaded"}


@pytest.mark.parametrize("shape", ["object", "wrapped"])
def test_json_object_and_articles_key(tmp_path, shape):
    record = {"title": "Canal reopens", "content": "The canal reopened to boats on Sunday."}
    data = record if shape == "object" else {"articles": [record, record]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = load_articles([path])
    assert [(a.title, a.text) for a in report] == [
        ("Canal reopens", "The canal reopened to boats on Sunday.")]  # duplicates kept once
    assert report.problems == ()


def test_jsonl_with_invalid_line_loads_the_other_lines():
    path = FIXTURES / "articles.jsonl"
    report = load_articles([path])
    assert [(a.title, a.outlet, a.date, a.source) for a in report] == [
        ("Bridge repairs finish early", "Press TV", dt.date(2021, 7, 1), f"{path}:1"),
        ("Market reopens", "Reuters", dt.date(2021, 7, 1), f"{path}:2"),
        ("Tram line extended", "example.test", dt.date(2021, 7, 3), f"{path}:4"),
    ]
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert problem.source == f"{path}:3"
    assert problem.reason.startswith("line 3 is not valid JSON")


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    lines = [{"body": "Snow closed the mountain pass overnight.", "site": "PressTV"}]
    path.write_bytes(gzip.compress("\n".join(json.dumps(x) for x in lines).encode()))
    report = load_articles([path])
    assert [(a.text, a.outlet) for a in report] == [
        ("Snow closed the mountain pass overnight.", "Press TV")]


def test_csv_with_mapping():
    path = FIXTURES / "mapped.csv"
    report = load_articles(
        [path], mapping={"text": "story_body", "outlet": "newspaper", "date": "when",
                         "labels": ["id"]})
    assert [(a.title, a.outlet, a.date, a.source, a.labels) for a in report] == [
        ("Harbour fog delays ships", "Example Herald", dt.date(2018, 11, 20), f"{path}:row 1",
         (("id", "1"),)),
        ("School roof repaired", "example herald", dt.date(2018, 11, 22), f"{path}:row 3",
         (("id", "3"),)),
    ]
    assert report.articles[0].text == (
        "Thick fog kept ships in the harbour on Tuesday, the port authority said.")
    assert _reasons(report) == {
        f"{path}:row 2": "no text in column 'story_body'; row skipped, the others loaded"}


def test_csv_without_text_column_names_columns_and_fix():
    path = FIXTURES / "no_text_column.csv"
    report = load_articles([path])
    assert len(report) == 0
    reason = _reasons(report)[str(path)]
    assert reason.startswith("no text column found; its columns are: 'id', 'headline', "
                             "'summary'.")
    assert "mapping={'text': '<column>'}" in reason
    assert "--map text=<column>" in reason
    fixed = load_articles([path], mapping={"text": "summary"})
    assert [(a.title, a.text) for a in fixed] == [("Some headline", "Some summary text.")]


def test_mapping_to_missing_column_is_a_problem():
    path = FIXTURES / "mapped.csv"
    report = load_articles([path], mapping={"text": "nope"})
    assert _reasons(report)[str(path)].startswith(
        "mapping names column 'nope' for text, but the file has no such column")


def test_tsv(tmp_path):
    path = tmp_path / "rows.tsv"
    path.write_text("Headline\tArticle_Text\nTide turns\tThe tide turned early today.\n",
                    encoding="utf-8")
    assert [(a.title, a.text) for a in load_articles([path])] == [
        ("Tide turns", "The tide turned early today.")]


def test_bad_arguments_raise():
    with pytest.raises(LoadError, match="unknown format"):
        load_articles([FIXTURES], format="pdf")
    with pytest.raises(LoadError, match="unknown field"):
        load_articles([FIXTURES], mapping={"body": "text"})


# --------------------------------------------------------------------------------------------
# Bytes, encodings, bad files


def test_latin1_file(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Petro Poroshenko said café. El señor Muñoz agreed.".encode("latin-1"))
    (article,) = load_articles([path]).articles
    assert article.text == "Petro Poroshenko said café. El señor Muñoz agreed."


def test_utf8_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line of the note.\r\n\r\nSecond line of the note.\r\n")
    (article,) = load_articles([path]).articles
    assert article.text == "First line of the note.\n\nSecond line of the note."


def test_old_mac_line_ends_and_utf16(tmp_path):
    assert decode_bytes(b"one\rtwo\r") == "one\ntwo\n"
    assert decode_bytes("caf\u00e9 \u041a\u0438\u0457\u0432".encode("utf-16")) == (
        "caf\u00e9 \u041a\u0438\u0457\u0432")


def test_nul_byte_is_removed(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"The harbour was quiet\x00 on Sunday morning.")
    (article,) = load_articles([path]).articles
    assert article.text == "The harbour was quiet on Sunday morning."


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t "])
def test_empty_file_is_a_problem(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    report = load_articles([path])
    assert len(report) == 0
    assert _reasons(report) == {str(path): "is empty; nothing to load"}


def test_binary_file_is_a_problem(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 10)
    report = load_articles([path])
    assert len(report) == 0
    assert _reasons(report)[str(path)].startswith("looks like a binary file")


def test_explicit_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Grüße aus Köln.".encode("latin-1"))
    assert load_articles([path], encoding="latin-1").articles[0].text == "Grüße aus Köln."
    bad = load_articles([path], encoding="utf-8")
    assert _reasons(bad)[str(path)].startswith("cannot be decoded as utf-8")


def test_format_for():
    assert [format_for(n) for n in ("a.txt", "a", "a.JSONL.gz", "a.ndjson", "a.htm", "a.tsv",
                                    "a.zip", "a.csv.gz", "a.md", "a.pdf")] == [
        "text", "text", "jsonl", "jsonl", "html", "tsv", "zip", "csv", "markdown", None]


# --------------------------------------------------------------------------------------------
# Folders, archives, missing paths


def test_folder_keeps_good_files_and_names_each_bad_one(tmp_path):
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("The bakery on Elm Street reopened on Friday morning.",
                                     encoding="utf-8")
    (folder / "sub" / "good.jsonl").write_text(
        json.dumps({"text": "Rain delayed the regatta by a day."}) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)))
    (folder / "sub" / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Hidden files are skipped.", encoding="utf-8")
    missing = tmp_path / "missing.txt"

    report = load_articles([folder, missing])

    assert sorted(a.text for a in report) == [
        "Rain delayed the regatta by a day.",
        "The bakery on Elm Street reopened on Friday morning.",
    ]
    reasons = _reasons(report)
    assert sorted(reasons) == sorted([
        str(folder / "blob.bin"), str(folder / "empty.txt"),
        str(folder / "sub" / "broken.json"), str(missing)])
    assert reasons[str(folder / "blob.bin")] == (
        "is a binary file (10% control bytes), not text; skipped")
    assert reasons[str(folder / "empty.txt")] == "is empty; nothing to load"
    assert reasons[str(folder / "sub" / "broken.json")].startswith("is not valid JSON")
    assert reasons[str(missing)] == "no such file or folder; check the path"


def test_zip_archive(tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "The pier was repainted blue last week.")
        archive.writestr("b.csv", "text,outlet\nThe lighthouse lamp was replaced.,Russia Today\n")
        archive.writestr("__MACOSX/._a.txt", b"\x00\x05\x16\x07")
        archive.writestr("c.txt", b"")
    report = load_articles(path)  # a single path need not be wrapped in a list
    assert [(a.text, a.outlet, a.source) for a in report] == [
        ("The pier was repainted blue last week.", "", f"{path}:a.txt"),
        ("The lighthouse lamp was replaced.", "RT", f"{path}:b.csv:row 1"),
    ]
    assert _reasons(report) == {f"{path}:c.txt": "is empty; nothing to load"}


def test_same_article_twice_is_kept_once(tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text("The ferry left on time.", encoding="utf-8")
    report = load_articles([tmp_path / "one.txt", tmp_path / "two.txt"])
    assert len(report) == 1
    assert report.articles[0].source == str(tmp_path / "one.txt")


# --------------------------------------------------------------------------------------------
# HTML


def test_html_page(tmp_path):
    html = """<html><head><title>Dam repairs finished - Example Times</title>
    <meta property="og:site_name" content="Reuters">
    <meta property="og:url" content="https://www.example.test/dam">
    <meta property="article:published_time" content="2016-03-04T09:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Dam repairs finished</h1>
    <p>Engineers finished repairing the old dam on Thursday, two months ahead of plan.</p>
    <p>The reservoir will be refilled slowly over the summer, the water board said.</p>
    </article><footer>Copyright Example Times</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (article,) = load_articles([path]).articles
    assert article.title == "Dam repairs finished"
    assert article.outlet == "Reuters"
    assert article.date == dt.date(2016, 3, 4)
    assert article.url == "https://www.example.test/dam"
    assert article.text == (
        "Engineers finished repairing the old dam on Thursday, two months ahead of plan.\n\n"
        "The reservoir will be refilled slowly over the summer, the water board said.")


def test_html_without_text_raises():
    with pytest.raises(LoadError, match="no article text"):
        parse_html("<html><body></body></html>", source="x.html")


# --------------------------------------------------------------------------------------------
# Outlets


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Iran Press TV", "Press TV"),
        ("  presstv  ", "Press TV"),
        ("https://www.presstv.ir/Detail/2015/09/22/x.html", "Press TV"),
        ("Russia Today", "RT"),
        ("New York Times", "The New York Times"),
        ("www.msnbc.com", "MSNBC"),
        ("rt.com", "RT"),
        ("RT", "RT"),
        ("https://www.rt.com/news/551234-example/", "RT"),
        ("https://tass.com/world/1", "TASS"),
        ("New York Times - News", "The New York Times"),
        ("nytimes.com", "The New York Times"),
        ("NYT", "The New York Times"),
        ("FOX", "Fox News"),
        ("Fox Online News", "Fox News"),
        ("HPO", "HuffPost"),
        ("edition.cnn.com", "CNN"),  # a sub-domain of a known host
        ("en.news-front.info", "News Front"),
        ("bbc.com", "BBC News"),
        ("co.uk", "co.uk"),  # a bare public suffix is not a publisher
        ("unknown-site.example", "unknown-site.example"),
        ("Harbour  City Gazette", "Harbour City Gazette"),
        ("", ""),
    ],
)
def test_normalise_outlet(value, expected):
    assert normalise_outlet(value) == expected


def test_ruwa_domains_map_to_publishers():
    aliases = load_aliases()
    ruwa_domains = ["rt.com", "tass.com", "bbc.co.uk", "reuters.com", "aljazeera.com",
                    "ukrinform.net", "en.news-front.info", "msnbc.com", "censor.net"]
    assert [aliases[d] for d in ruwa_domains] == [
        "RT", "TASS", "BBC News", "Reuters", "Al Jazeera", "Ukrinform", "News Front", "MSNBC",
        "Censor.net"]
    assert aliases["iran press tv"] == "Press TV"


def test_user_alias_file_is_merged_over_ours(tmp_path, monkeypatch):
    user = tmp_path / "my-outlets.yaml"
    user.write_text("outlets:\n  Harbour Ledger: [hl, harbourledger.example]\n"
                    "  Russia Today (RT): [rt.com]\n", encoding="utf-8")
    monkeypatch.setenv("FRAMING_ALIASES", str(user))
    assert normalise_outlet("HL") == "Harbour Ledger"
    assert normalise_outlet("https://harbourledger.example/a/1") == "Harbour Ledger"
    assert normalise_outlet("rt.com") == "Russia Today (RT)"  # the user's entry wins
    assert normalise_outlet("Russia Today") == "RT"  # ours still apply where not overridden
    monkeypatch.setenv("FRAMING_ALIASES", str(tmp_path / "missing.yaml"))
    with pytest.raises(LoadError, match="FRAMING_ALIASES"):
        normalise_outlet("RT")


def test_custom_aliases_argument():
    assert normalise_outlet("The Gazette", {"the gazette": "Harbour City Gazette"}) == (
        "Harbour City Gazette")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- just a list\n", "expected a mapping with an 'outlets' key"),
        ("outlets:\n  A: [x, y]\n  B: [X]\n", "alias 'X' is claimed by both 'A' and 'B'"),
        ("outlets:\n  A: x\n", "aliases of outlet 'A' must be a list"),
        ("outlets: [a, b\n", "not valid YAML"),
    ],
)
def test_bad_alias_table_names_the_file(tmp_path, content, message):
    path = tmp_path / "aliases.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FramingError) as info:
        load_aliases(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
