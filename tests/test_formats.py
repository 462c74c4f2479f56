"""Markdown, pasted text, HTML authors, text-column ambiguity, and the bad-input classes of
issue 4: size and record limits, zip entries escaping the folder, zip and gzip bombs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zipfile

import pytest

from framing.errors import LoadError
from framing.loaders import Limits, load_articles, load_text
from framing.formats import parse_markdown


def _reasons(report) -> dict[str, str]:
    return {p.source: p.reason for p in report.problems}


# --------------------------------------------------------------------------------------------
# Markdown


MARKDOWN = """---
title: Harbour bridge reopens
source: https://www.reuters.com/world/harbour-bridge
date: 2021-06-03
author: [Ann Example, Bo Writer]
---

# Ignored heading, the front matter has the title

The **harbour bridge** reopened on Thursday after [three months](https://example.test/x) of
repairs, the city said.

## Traffic

- Buses return on Monday.
- Ferries keep their *summer* timetable.

```
code blocks are dropped
```

> "We are glad," a resident said.
"""


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "bridge.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    (article,) = load_articles(path).articles
    assert (article.title, article.outlet, article.date) == (
        "Harbour bridge reopens", "Reuters", dt.date(2021, 6, 3))
    assert article.labels == (("author", "Ann Example"), ("author", "Bo Writer"))
    assert article.text.split("\n\n") == [
        "Ignored heading, the front matter has the title",
        "The harbour bridge reopened on Thursday after three months of repairs, the city said.",
        "Traffic",
        "Buses return on Monday.",
        "Ferries keep their summer timetable.",
        '"We are glad," a resident said.',
    ]


def test_markdown_heading_is_the_title_and_setext():
    article = parse_markdown("# Dam repairs finished\n\nEngineers finished early.\n")
    assert (article.title, article.text) == ("Dam repairs finished", "Engineers finished early.")
    setext = parse_markdown("Dam repairs finished\n====\n\nEngineers finished early.\n")
    assert (setext.title, setext.text, setext.date) == (
        "Dam repairs finished", "Engineers finished early.", None)


def test_markdown_bad_front_matter_and_no_text():
    with pytest.raises(LoadError, match="front matter .* must be a mapping"):
        parse_markdown("---\n- a list\n---\nText.\n", source="x.md")
    with pytest.raises(LoadError, match="no text besides headings"):
        parse_markdown("# Only a title\n", source="x.md")


# --------------------------------------------------------------------------------------------
# Pasted text


def test_pasted_text_is_told_apart_by_content():
    md = load_text("# Talks resume\n\nNegotiators met again in Geneva on Monday.")
    assert (md.articles[0].title, md.articles[0].text) == (
        "Talks resume", "Negotiators met again in Geneva on Monday.")
    html = load_text("<html><body><article><h1>Talks resume</h1><p>Negotiators met again in "
                     "Geneva on Monday, officials from both delegations said.</p></article>"
                     "</body></html>")
    assert html.articles[0].text == (
        "Negotiators met again in Geneva on Monday, officials from both delegations said.")
    plain = load_text("Negotiators met again in Geneva on Monday.\r\n")
    assert plain.articles[0].text == "Negotiators met again in Geneva on Monday."
    empty = load_text("  \n ")
    assert (empty.articles, _reasons(empty)) == ((), {"<pasted text>": "is empty; nothing to load"})


def test_html_authors_become_labels():
    from framing.formats import parse_html

    page = ("<html><head><meta name='author' content='Ann Example'></head><body><article>"
            "<h1>Dam repairs</h1><p>Engineers finished repairing the old dam on Thursday, two "
            "months ahead of plan.</p></article></body></html>")
    assert parse_html(page).labels == (("author", "Ann Example"),)


def test_two_text_columns_are_ambiguous(tmp_path):
    path = tmp_path / "both.csv"
    path.write_text("text,body\nA,B\n", encoding="utf-8")
    assert _reasons(load_articles(path)) == {str(path): (
        "several columns could hold the article text ('text', 'body'); name one: pass "
        "mapping={'text': 'text'} (Python) or --map text=text (CLI)")}
    assert [a.text for a in load_articles(path, mapping={"text": "body"})] == ["B"]


# --------------------------------------------------------------------------------------------
# Limits and hostile archives


def test_file_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("The ferry left on time. " * 100, encoding="utf-8")
    report = load_articles(path, limits=Limits(max_file_bytes=1000))
    assert _reasons(report) == {str(path): (
        "is 2,400 bytes, more than the limit of 1,000 bytes; split it, or raise the limit "
        "(Limits(max_file_bytes=...) in Python, --max-file-mb on the command line)")}


def test_record_limit(tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({"text": f"row {i}"}) + "\n" for i in range(5)),
                    encoding="utf-8")
    report = load_articles(path, limits=Limits(max_records=4))
    assert _reasons(report) == {str(path): (
        "holds 5 records, more than the limit of 4; split the file, or raise the limit "
        "(max_records= in Python, --max-records on the command line)")}
    assert len(load_articles(path, limits=Limits(max_records=5))) == 5


def test_zip_entries_escaping_the_folder_are_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../outside.txt", "The harbour was closed on Monday.")
        archive.writestr("/etc/passwd.txt", "The harbour was closed on Tuesday.")
        archive.writestr("ok/inside.txt", "The harbour was closed on Wednesday.")
    report = load_articles(path)
    assert [a.text for a in report] == ["The harbour was closed on Wednesday."]
    assert _reasons(report) == {
        f"{path}:../outside.txt": "refused: the entry has '..' in its path, which would escape "
                                  "the archive's folder",
        f"{path}:/etc/passwd.txt": "refused: the entry has an absolute path, which would escape "
                                   "the archive's folder",
    }


def test_zip_bomb_member_is_refused(tmp_path):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", " " * (4 * 1024 * 1024))
        archive.writestr("fine.txt", "The harbour reopened on Friday.")
    report = load_articles(path)
    assert [a.text for a in report] == ["The harbour reopened on Friday."]
    (reason,) = _reasons(report).values()
    assert reason.startswith("refused: expands ") and reason.endswith(
        "times its compressed size, more than the limit of 200 (a zip bomb?)")


def test_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b" " * (8 * 1024 * 1024)))
    assert _reasons(load_articles(path)) == {str(path): (
        "expands more than 200 times its compressed size (a decompression bomb?); refused")}


def test_nested_zip_and_binary_member(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.txt", "The tide came in early.")
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
        archive.writestr("image.png", bytes(range(256)) * 4)
    report = load_articles(path)
    assert [(a.text, a.source) for a in report] == [
        ("The tide came in early.", f"{path}:inner.zip:deep.txt")]
    assert _reasons(report) == {
        f"{path}:image.png": "is a binary file (10% control bytes), not text; skipped"}


def test_crlf_bom_nul_in_csv(tmp_path):
    path = tmp_path / "win.csv"
    path.write_bytes(b"\xef\xbb\xbftitle,text,date\r\nA,Kyiv\x00 talks resumed.,Tue Sep 22, "
                     b"2015 2:47PM\r\n")
    report = load_articles(path)
    assert report.problems == ()
    # the unquoted comma splits the date: the row has 4 cells, "date" gets "Tue Sep 22"
    assert [(a.title, a.text, a.date) for a in report] == [("A", "Kyiv talks resumed.", None)]


# --------------------------------------------------------------------------------------------
# Encodings: Western European "Latin-1" text is not read as a Baltic or Central-European page


WESTERN = [
    "Title: Café déjà vu\n\nNaïve readers of the café saw déjà vu.\n",  # French
    "Le garçon a mangé une crêpe près de la fenêtre, où il était.",  # French
    "Der Bürgermeister äußerte sich über die Straße in München.",  # German
    "El niño comió piña en la montaña, ¿verdad? Sí, señor.",  # Spanish
    "A população não está satisfeita com a decisão do governo.",  # Portuguese
    "Über Öl",  # short German: 2 of 6 letters accented
]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
@pytest.mark.parametrize("text", WESTERN)
def test_western_european_text_decodes_as_written(text, encoding):
    from framing.decoding import decode_bytes

    assert decode_bytes(text.encode(encoding), "t.txt") == text


def test_cp1252_punctuation_and_other_scripts_still_decode():
    from framing.decoding import decode_bytes

    cp1252 = "Café déjà vu … “Naïve” – 5 €"
    assert decode_bytes(cp1252.encode("cp1252")) == cp1252
    # Text whose bytes read as cp1252 would be mostly accented or unusual letters keeps the
    # detected code page.
    for text, encoding in [("Привет, мир! Это проверка кодировки текста.", "cp1251"),
                           ("Zażółć gęślą jaźń, powiedział.", "cp1250"),
                           ("Καλημέρα κόσμε, τι κάνεις;", "cp1253")]:
        assert decode_bytes(text.encode(encoding)) == text


def test_latin1_file_loads_with_its_accents(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(WESTERN[0].encode("latin-1"))
    [article] = load_articles([path]).articles
    assert "Café déjà vu" in article.document
    assert "Naïve readers of the café saw déjà vu." in article.document
