"""File formats -> articles: HTML, Markdown, JSON, JSONL, CSV and TSV.

Each ``read_*`` function takes decoded text (see :mod:`framing.decoding`) and returns
``(articles, problems)``; a problem that spoils the whole file is raised as
:class:`~framing.errors.LoadError`. Plain-text page scrapes are in :mod:`framing.pagetext`;
walking folders, zip archives and gzip is in :mod:`framing.loaders`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from framing.dates import parse_date
from framing.errors import LoadError
from framing.models import Article
from framing.outlets import normalise_outlet

__all__ = [
    "FORMATS",
    "COLUMN_CANDIDATES",
    "format_for",
    "parse_html",
    "parse_markdown",
    "read_json",
    "read_jsonl",
    "read_csv",
    "records_to_articles",
]

#: Formats :func:`load_articles` understands (values of its ``format=`` argument).
FORMATS: tuple[str, ...] = ("text", "markdown", "json", "jsonl", "csv", "tsv", "html")

_EXTENSIONS: dict[str, str] = {
    "": "text", ".txt": "text", ".text": "text",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv", ".tab": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
}

#: Column names tried, in order and case-insensitively, for each article field when ``mapping``
#: does not name the column.
COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "article_text", "story"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "publisher", "domain", "media", "sitename"),
    "date": ("date", "date_iso", "published", "publish_date", "pubdate", "datetime", "timestamp"),
    "url": ("url", "link", "src", "href"),
}
#: Keys a column mapping may use: the article fields plus ``labels`` (columns kept as labels).
MAPPING_KEYS = (*COLUMN_CANDIDATES, "labels")

def format_for(name: str) -> str | None:
    """The format a file name implies, looking through a ``.gz`` suffix.

    Parameters
    ----------
    name : str
        A file name or path ("a.jsonl.gz").

    Returns
    -------
    str or None
        One of :data:`FORMATS`, ``"zip"``, or ``None`` for an unsupported extension.
    """
    lowered = Path(name).name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    if lowered.endswith(".zip"):
        return "zip"
    suffix = Path(lowered).suffix
    return _EXTENSIONS.get(suffix)


# --------------------------------------------------------------------------------------------
# HTML


def parse_html(html: str, *, source: str = "<html>") -> Article:
    """Extract the main article of an HTML page with trafilatura.

    Parameters
    ----------
    html : str
        The page's markup.
    source : str, optional
        Stored as :attr:`Article.source`.

    Returns
    -------
    Article
        ``text``: trafilatura's main text, one paragraph per line joined by ``"\\n\\n"``, without
        a first line equal to the title; ``title`` from the page metadata; ``outlet`` from the
        site name (normalised), else the host of the page's URL; ``date`` from the metadata via
        :func:`parse_date`; ``url`` from the metadata; each author (trafilatura joins several with
        ``"; "``) as an ``("author", name)`` label.

    Raises
    ------
    LoadError
        trafilatura finds no main text.
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except (ValueError, TypeError) as exc:  # malformed markup lxml cannot parse
        raise LoadError(source, f"cannot parse the HTML ({exc})") from exc
    if document is None:
        raise LoadError(source, "no article text found in this HTML page")
    meta: dict[str, Any] = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    paragraphs = [" ".join(line.split()) for line in (meta.get("text") or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    title = " ".join(str(meta.get("title") or "").split())
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise LoadError(source, "no article text found in this HTML page")
    url = str(meta.get("url") or "")
    sitename = str(meta.get("sitename") or "")
    outlet = normalise_outlet(sitename) if sitename else (normalise_outlet(url) if url else "")
    authors = tuple(("author", " ".join(name.split()))
                    for name in str(meta.get("author") or "").split(";") if name.strip())
    return Article.make(text="\n\n".join(paragraphs), title=title, outlet=outlet,
                        date=parse_date(meta.get("date")), url=url, source=source,
                        labels=authors)


# --------------------------------------------------------------------------------------------
# Markdown

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^(=+|-+)\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_LINK_DEF = re.compile(r"^\s*\[[^\]]+\]:\s+\S+.*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_MD_CODE = re.compile(r"`([^`]*)`")
_MD_BLOCK_PREFIX = re.compile(r"^\s{0,3}(?:>\s?)+|^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_FRONT_FIELDS = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "publisher", "site_name", "sitename"),
    "date": ("date", "published", "publish_date", "pubdate"),
    "url": ("url", "link", "canonical_url"),
    "author": ("author", "authors", "byline"),
}


def _md_inline(line: str) -> str:
    """One line of Markdown as plain text: links, images, emphasis, code and tags unwrapped."""
    line = _MD_IMAGE.sub(r"\1", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_REF_LINK.sub(r"\1", line)
    line = _MD_CODE.sub(r"\1", line)
    line = _MD_HTML_TAG.sub("", line)
    for _ in range(2):  # nested emphasis such as ***both***
        line = _MD_EMPHASIS.sub(r"\2", line)
    return " ".join(line.split())


def parse_markdown(text: str, *, source: str = "<markdown>") -> Article:
    """Read one article written in Markdown.

    Parameters
    ----------
    text : str
        The document. An optional YAML front matter block (between ``---`` lines) may give
        ``title``, ``outlet`` (or ``source``/``site``/``publisher``), ``date``, ``url`` and
        ``author`` (a string or a list).
    source : str, optional
        Stored as :attr:`Article.source`.

    Returns
    -------
    Article
        ``title``: the front matter's, else the first level-1 heading (``# Title`` or a
        ``===`` underline), which is then not repeated in the body; ``text``: the paragraphs
        (blank-line separated, lines of one paragraph joined) as plain text, joined by
        ``"\\n\\n"``: link and image syntax, emphasis, inline code, HTML tags, list and quote
        markers are removed; other headings become paragraphs of their own; fenced code blocks,
        rules and link definitions are dropped. Outlet through
        :func:`~framing.outlets.normalise_outlet`, date through
        :func:`~framing.dates.parse_date`; authors as ``("author", name)`` labels.

    Raises
    ------
    LoadError
        The front matter is not a YAML mapping, or the document has no text besides headings
        and markup.
    """
    import yaml  # noqa: PLC0415 - only Markdown front matter needs it here

    meta: dict[str, Any] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            loaded = yaml.safe_load(front.group(1))
        except yaml.YAMLError as exc:
            raise LoadError(source, f"the front matter between '---' lines is not valid YAML "
                                    f"({exc}); fix it or remove it") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise LoadError(source, "the front matter between '---' lines must be a mapping "
                                    f"such as 'title: ...', got {type(loaded).__name__}")
        meta = {str(k).lower(): v for k, v in (loaded or {}).items()}
        text = text[front.end():]

    def field(name: str) -> Any:
        return next((meta[k] for k in _FRONT_FIELDS[name] if meta.get(k) not in (None, "")),
                    None)

    title = _field_text(field("title"))
    paragraphs: list[str] = []
    current: list[str] = []
    in_fence = False
    lines = text.split("\n")

    def flush() -> None:
        if current:
            paragraph = " ".join(current)
            if paragraph:
                paragraphs.append(paragraph)
            current.clear()

    for raw in lines:
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if in_fence or _MD_LINK_DEF.match(raw):
            continue
        if current and _MD_SETEXT.match(stripped):
            heading = current.pop()
            flush()
            if stripped.startswith("=") and not title:
                title = heading
            else:
                paragraphs.append(heading)
            continue
        if not stripped:
            flush()
            continue
        if _MD_RULE.match(stripped) and not (stripped.startswith("-") and current):
            flush()
            continue
        heading = _MD_HEADING.match(stripped)
        if heading:
            flush()
            words = _md_inline(heading.group(2))
            if heading.group(1) == "#" and not title:
                title = words
            elif words:
                paragraphs.append(words)
            continue
        marker = _MD_BLOCK_PREFIX.match(raw)
        if marker:
            flush()  # every list item or quote line starts a paragraph of its own
            raw = raw[marker.end():]
        current.append(_md_inline(raw))
    flush()
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise LoadError(source, "has no text besides headings and markup; nothing to load")
    outlet = _field_text(field("outlet"))
    authors = field("author")
    names = authors if isinstance(authors, list) else ([authors] if authors else [])
    return Article.make(
        text="\n\n".join(paragraphs), title=" ".join(title.split()),
        outlet=normalise_outlet(outlet) if outlet else "", date=parse_date(field("date")),
        url=_field_text(field("url")), source=source,
        labels=tuple(("author", _field_text(n)) for n in names if _field_text(n)),
    )


# --------------------------------------------------------------------------------------------
# Tables: JSON, JSONL, CSV, TSV


def _check_count(count: int, source: str, max_records: int | None) -> None:
    if max_records is not None and count > max_records:
        raise LoadError(source, f"holds {count:,} records, more than the limit of "
                                f"{max_records:,}; split the file, or raise the limit "
                                "(max_records= in Python, --max-records on the command line)")


def read_json(text: str, source: str, mapping: Mapping[str, Any] | None = None, *,
              max_records: int | None = None) -> tuple[list[Article], list[LoadError]]:
    """Read a JSON file: one object, a list of objects, or ``{"articles": [...]}``.

    Parameters
    ----------
    text : str
        Decoded file content.
    source : str
        The file's name, used in problems and as each article's source (``"a.json[3]"``).
    mapping : Mapping, optional
        Field -> column, see :func:`records_to_articles`.
    max_records : int, optional
        Refuse a file with more records than this.

    Returns
    -------
    (list of Article, list of LoadError)
        Articles, and one problem per item that is not an object or has no text.

    Raises
    ------
    LoadError
        Invalid JSON (line and column given), a top-level value that is not an object or a
        list, too many records, or a column problem (see :func:`records_to_articles`).
    """
    mapping = dict(mapping or {})
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError(source, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column "
                                f"{exc.colno}); one object per line is .jsonl") from exc
    if isinstance(data, dict):
        nested = data.get("articles")
        if isinstance(nested, list):
            data = nested
        else:
            return records_to_articles([(source, data)], source, mapping)
    if not isinstance(data, list):
        raise LoadError(source, f"expected a JSON object or a list of objects, got "
                                f"{type(data).__name__}")
    _check_count(len(data), source, max_records)
    records: list[tuple[str, dict[str, Any]]] = []
    problems: list[LoadError] = []
    for index, item in enumerate(data):
        if isinstance(item, dict):
            records.append((f"{source}[{index}]", item))
        else:
            problems.append(LoadError(f"{source}[{index}]",
                                      f"item is a {type(item).__name__}, not an object; skipped"))
    articles, more = records_to_articles(records, source, mapping)
    return articles, problems + more


def read_jsonl(text: str, source: str, mapping: Mapping[str, Any] | None = None, *,
               max_records: int | None = None) -> tuple[list[Article], list[LoadError]]:
    """Read JSON lines: one object per line; a bad line is a problem, the others load.

    Parameters and raised errors as :func:`read_json`; problems name the line
    (``"a.jsonl:17"``).
    """
    mapping = dict(mapping or {})
    lines = text.split("\n")
    _check_count(sum(1 for line in lines if line.strip()), source, max_records)
    records: list[tuple[str, dict[str, Any]]] = []
    problems: list[LoadError] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(LoadError(where, f"line {number} is not valid JSON ({exc.msg}, "
                                             f"column {exc.colno}); skipped, other lines loaded"))
            continue
        if not isinstance(item, dict):
            problems.append(LoadError(where, f"line {number} is a {type(item).__name__}, not an "
                                             "object; skipped"))
            continue
        records.append((where, item))
    if not records:
        if problems:
            return [], problems
        raise LoadError(source, "has no JSON objects")
    articles, more = records_to_articles(records, source, mapping)
    return articles, problems + more


def read_csv(text: str, source: str, mapping: Mapping[str, Any] | None = None, *,
             delimiter: str | None = None,
             max_records: int | None = None) -> tuple[list[Article], list[LoadError]]:
    """Read CSV or TSV with a header row.

    Parameters
    ----------
    delimiter : str, optional
        ``"\\t"`` for TSV; by default ``","`` unless the header has no comma and has a
        ``;``, tab or ``|``.

    Other parameters and raised errors as :func:`read_json`; problems name the record
    (``"a.csv:row 3"``, rows counted after the header).
    """
    mapping = dict(mapping or {})
    if delimiter is None:
        header = text.lstrip("\n").split("\n", 1)[0]
        delimiter = ","
        if "," not in header:
            delimiter = next((d for d in (";", "\t", "|") if d in header), ",")
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise LoadError(source, f"is not valid CSV near line {reader.line_num} ({exc})") from exc
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise LoadError(source, "is empty; nothing to load")
    columns = [c.strip() for c in rows[0]]
    _check_count(len(rows) - 1, source, max_records)
    records = [
        (f"{source}:row {number}", dict(zip(columns, row)))
        for number, row in enumerate(rows[1:], start=1)
    ]
    if not records:
        raise LoadError(source, f"has a header ({', '.join(columns)}) but no rows")
    return records_to_articles(records, source, mapping, columns=columns)


def _resolve_columns(columns: Sequence[str], mapping: Mapping[str, Any],
                     source: str) -> dict[str, str | None]:
    """Field -> column name for one file (case-insensitive), raising when text is missing."""
    by_lower: dict[str, str] = {}
    for column in columns:
        by_lower.setdefault(str(column).strip().lower(), column)
    listed = ", ".join(repr(c) for c in columns) or "none"
    resolved: dict[str, str | None] = {}
    for field, candidates in COLUMN_CANDIDATES.items():
        wanted = mapping.get(field)
        if wanted is not None:
            column = by_lower.get(wanted.strip().lower())
            if column is None:
                raise LoadError(source, f"mapping names column {wanted!r} for {field}, but the "
                                        f"file has no such column; its columns are: {listed}")
            resolved[field] = column
            continue
        found = [by_lower[c] for c in candidates if c in by_lower]
        if field == "text" and len(found) > 1:
            raise LoadError(
                source,
                f"several columns could hold the article text ({', '.join(map(repr, found))}); "
                f"name one: pass mapping={{'text': {found[0]!r}}} (Python) or "
                f"--map text={found[0]} (CLI)",
            )
        resolved[field] = found[0] if found else None
    if resolved["text"] is None:
        raise LoadError(
            source,
            f"no text column found; its columns are: {listed}. Name the column holding the "
            "article text: pass mapping={'text': '<column>'} (Python) or --map text=<column> (CLI). "
            f"Looked for: {', '.join(COLUMN_CANDIDATES['text'])}",
        )
    for column in mapping.get("labels", ()):
        if column.strip().lower() not in by_lower:
            raise LoadError(source, f"mapping['labels'] names column {column!r}, but the file "
                                    f"has no such column; its columns are: {listed}")
    return resolved


def _field_text(value: Any) -> str:
    """A cell as clean text: None/NaN -> "", lists of strings -> paragraphs."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (list, tuple)):
        return "\n\n".join(p for p in (_field_text(v) for v in value) if p)
    if isinstance(value, dict):
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.strip()


def records_to_articles(
    records: Sequence[tuple[str, Mapping[str, Any]]],
    source: str,
    mapping: Mapping[str, Any] | None = None,
    *,
    columns: Sequence[str] | None = None,
) -> tuple[list[Article], list[LoadError]]:
    """Turn table rows into articles using a column mapping.

    Parameters
    ----------
    records : sequence of (str, Mapping)
        ``(row_source, row)`` pairs; ``row_source`` becomes :attr:`Article.source`.
    source : str
        The file, named in problems.
    mapping : Mapping, optional
        Field -> column, as in :func:`load_articles`; missing fields are auto-detected from
        :data:`COLUMN_CANDIDATES` (case-insensitive).
    columns : sequence of str, optional
        The file's columns; by default the union of the rows' keys in first-seen order.

    Returns
    -------
    articles : list of Article
        One per row with text; outlets through :func:`~framing.outlets.normalise_outlet`, dates
        through :func:`parse_date`.
    problems : list of LoadError
        One per row without text, its source naming the row (``"a.csv:row 3"``,
        ``"a.jsonl:17"``, ``"a.json[4]"``).

    Raises
    ------
    LoadError
        No text column (the message lists the columns and the fix), or ``mapping`` names a
        column the file does not have, or several columns could be the text column (the message
        names them; the other fields take the first candidate found).
    """
    mapping = dict(mapping or {})
    if columns is None:
        ordered: dict[str, None] = {}
        for _, row in records:
            ordered.update(dict.fromkeys(row))
        columns = list(ordered)
    fields = _resolve_columns(columns, mapping, source)
    wanted_labels = {str(c).strip().lower() for c in mapping.get("labels", ())}
    label_columns = [c for c in columns if str(c).strip().lower() in wanted_labels]
    articles: list[Article] = []
    problems: list[LoadError] = []
    for row_source, row in records:
        values = {field: (row.get(column) if column is not None else None)
                  for field, column in fields.items()}
        text = _field_text(values["text"])
        if not text:
            problems.append(LoadError(
                row_source, f"no text in column {fields['text']!r}; row skipped, the others loaded"))
            continue
        outlet = _field_text(values["outlet"])
        articles.append(Article.make(
            text=text,
            title=" ".join(_field_text(values["title"]).split()),
            outlet=normalise_outlet(outlet) if outlet else "",
            date=parse_date(values["date"]),
            url=_field_text(values["url"]),
            source=row_source,
            labels=tuple((c, _field_text(row.get(c))) for c in label_columns),
        ))
    return articles, problems
