"""Turn files, folders, zip archives and pasted text into :class:`~framing.models.Article` objects.

Entry points
------------
:func:`load_articles`
    Paths (files or folders) -> :class:`LoadReport` (articles plus one problem per bad input).
:func:`load_text`
    Pasted text -> :class:`LoadReport` (a page scrape, Markdown or HTML, told apart by content).

The formats themselves live in small modules: :mod:`framing.decoding` (bytes -> text),
:mod:`framing.dates`, :mod:`framing.pagetext` (plain-text page scrapes), :mod:`framing.formats`
(HTML, Markdown, JSON, JSONL, CSV, TSV). This module walks folders, zip archives and gzip, applies
the size limits, and recognises the shared data sets (:mod:`framing.datasets`).

Formats are chosen by extension unless ``format=`` says otherwise:

=========================================  ==============
extension                                  format
=========================================  ==============
``.txt``, ``.text``, no extension          ``text``  (plain-text page scrape)
``.md``, ``.markdown``                     ``markdown``
``.html``, ``.htm``, ``.xhtml``            ``html``  (trafilatura)
``.json``                                  ``json``  (an object, a list, or ``{"articles": [...]}``)
``.jsonl``, ``.ndjson``                    ``jsonl`` (one object per line)
``.csv``                                   ``csv``
``.tsv``, ``.tab``                         ``tsv``
``<any of the above>.gz``                  gzip around the inner format
``.zip``                                   every member, by its own extension
=========================================  ==============
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from framing.dates import parse_date
from framing.decoding import decode_bytes, looks_binary
from framing.errors import LoadError
from framing.formats import (
    COLUMN_CANDIDATES,
    MAPPING_KEYS,
    FORMATS,
    format_for,
    parse_html,
    parse_markdown,
    read_csv,
    read_json,
    read_jsonl,
    records_to_articles,
)
from framing.models import Article
from framing.pagetext import parse_page_text

__all__ = [
    "FORMATS",
    "COLUMN_CANDIDATES",
    "Limits",
    "LoadReport",
    "decode_bytes",
    "format_for",
    "load_articles",
    "load_text",
    "parse_date",
    "parse_page_text",
    "parse_html",
    "parse_markdown",
    "records_to_articles",
]

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits that protect a load from huge or hostile input.

    Attributes
    ----------
    max_file_bytes : int
        Largest file read, in bytes, after gzip decompression (default 1 GiB). A bigger file
        is refused with a problem naming its size and this limit.
    max_records : int
        Most records (JSON items, JSONL lines, CSV rows) in one file (default 2,000,000).
    max_zip_ratio : float
        Largest uncompressed/compressed size ratio of a zip member or gzip file bigger than
        ``min_ratio_bytes`` (default 200; text compresses about 3-10x, zip bombs 1,000x+).
    min_ratio_bytes : int
        Members smaller than this (default 1 MiB) are not checked for their ratio.
    max_zip_total_bytes : int
        Most uncompressed bytes read from one zip archive (default 4 GiB).
    """

    max_file_bytes: int = 1024 * _MIB
    max_records: int = 2_000_000
    max_zip_ratio: float = 200.0
    min_ratio_bytes: int = _MIB
    max_zip_total_bytes: int = 4096 * _MIB


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load produced: the articles, and one problem per input that failed.

    Attributes
    ----------
    articles : tuple of Article
        Unique by :attr:`Article.id`, in the order they were first met (paths in the order given,
        folder entries sorted by name).
    problems : tuple of LoadError
        One per bad file, bad line or skipped row; ``problem.source`` names the file
        (``"a.jsonl:17"`` for a line, ``"a.csv:row 3"`` for a CSV record, ``"a.zip:dir/b.txt"``
        for a zip member) and ``problem.reason`` says what was wrong and the fix.

    ``len(report)`` and ``iter(report)`` run over :attr:`articles`.
    """

    articles: tuple[Article, ...] = ()
    problems: tuple[LoadError, ...] = ()

    def __len__(self) -> int:
        return len(self.articles)

    def __iter__(self) -> Iterator[Article]:
        return iter(self.articles)

    @classmethod
    def combine(cls, reports: Iterable["LoadReport"]) -> "LoadReport":
        """Merge reports in order, keeping the first article of each id.

        Parameters
        ----------
        reports : iterable of LoadReport

        Returns
        -------
        LoadReport
        """
        seen: set[str] = set()
        articles: list[Article] = []
        problems: list[LoadError] = []
        for report in reports:
            for article in report.articles:
                if article.id not in seen:
                    seen.add(article.id)
                    articles.append(article)
            problems.extend(report.problems)
        return cls(articles=tuple(articles), problems=tuple(problems))


@dataclass(frozen=True, slots=True)
class _Options:
    fmt: str | None
    mapping: dict[str, Any]
    encoding: str | None
    limits: Limits

    @property
    def plain(self) -> bool:
        """No format or mapping forced: data set folders may be recognised."""
        return self.fmt is None and not self.mapping


# --------------------------------------------------------------------------------------------
# Loading files and folders


def load_articles(
    paths: str | Path | Iterable[str | Path],
    *,
    format: str | None = None,  # noqa: A002 - the public name users type
    mapping: Mapping[str, Any] | None = None,
    encoding: str | None = None,
    limits: Limits | None = None,
) -> LoadReport:
    """Load every article from files, folders (recursively) and zip archives.

    Parameters
    ----------
    paths : str, pathlib.Path, or iterable of them
        Files or folders. Folders are walked recursively in name order; hidden files and folders
        (name starting with ``"."``) are skipped. A folder recognised as a known data set
        (:func:`framing.datasets.detect_dataset`) is loaded with its adapter.
    format : {"text", "markdown", "json", "jsonl", "csv", "tsv", "html"}, optional
        Read every file in this format instead of guessing from its extension (a ``.gz`` suffix
        is still decompressed).
    mapping : Mapping, optional
        For JSON, JSONL, CSV and TSV: which column holds each field, e.g.
        ``{"text": "body", "title": "headline", "outlet": "source", "date": "published",
        "url": "link"}``. Fields not given are found among :data:`COLUMN_CANDIDATES`
        (case-insensitive). An extra key ``"labels"`` may list columns to keep as article labels.
    encoding : str, optional
        Decode every file with this codec instead of detecting it (like ``encoding="latin-1"``).
    limits : Limits, optional
        File size, record count and zip limits; default :class:`Limits()`.

    Returns
    -------
    LoadReport
        ``articles``: unique by id; ``problems``: one :class:`LoadError` per path that does not
        exist, file that cannot be read (empty, binary, too big, unsupported type, invalid JSON,
        no text column…), zip member refused (path escaping the archive's folder, suspicious
        compression ratio), invalid JSONL line (source ``"file.jsonl:17"``) and row without text
        (``"file.csv:row 3"``). A bad file never stops the others from loading.

    Raises
    ------
    LoadError
        Only for bad arguments: an unknown ``format``, a ``mapping`` with unknown keys or
        non-string column names, or an unknown ``encoding``.
    """
    options = _Options(_check_format(format), _check_mapping(mapping), encoding,
                       limits or Limits())
    if encoding is not None:
        _check_encoding(encoding)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    reports = [_load_path(Path(p), options) for p in paths]
    return LoadReport.combine(reports)


def load_text(text: str, *, source: str = "<pasted text>") -> LoadReport:
    """Load pasted text: a page scrape, a Markdown document or an HTML page.

    Parameters
    ----------
    text : str
        What the user pasted. Text starting with ``<`` and holding an ``<html``, ``<body``,
        ``<article`` or ``<p`` tag is read as HTML; text with Markdown front matter or a
        ``# Heading`` line as Markdown; anything else as a page scrape
        (:func:`~framing.pagetext.parse_page_text`).
    source : str, optional
        Stored as :attr:`Article.source`.

    Returns
    -------
    LoadReport
        One article, or no article and one problem (empty text, only site chrome, no HTML text).
    """
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").lstrip("\ufeff")
    head = cleaned.lstrip()[:4096].lower()
    try:
        if head.startswith("<") and any(tag in head for tag in ("<html", "<body", "<article",
                                                                  "<p>", "<p ")):
            article = parse_html(cleaned, source=source)
        elif head.startswith("---\n") or any(line.startswith("# ")
                                             for line in cleaned.lstrip().split("\n", 3)[:3]):
            article = parse_markdown(cleaned.lstrip(), source=source)
        else:
            article = parse_page_text(cleaned, source=source)
    except LoadError as exc:
        return LoadReport(problems=(exc,))
    return LoadReport(articles=(article,))


def _check_format(format: str | None) -> str | None:  # noqa: A002
    if format is None:
        return None
    fmt = format.strip().lower().lstrip(".")
    fmt = {"txt": "text", "ndjson": "jsonl", "htm": "html", "md": "markdown"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise LoadError(f"format={format!r}", f"unknown format; use one of {', '.join(FORMATS)}")
    return fmt


def _check_mapping(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
    if mapping is None:
        return {}
    unknown = sorted(set(mapping) - set(MAPPING_KEYS))
    if unknown:
        raise LoadError(
            "mapping",
            f"unknown field(s) {unknown}; mapping keys must be among {list(MAPPING_KEYS)}, "
            "e.g. mapping={'text': 'body', 'title': 'headline'}",
        )
    for key, column in mapping.items():
        if key == "labels":
            if isinstance(column, str) or not all(isinstance(c, str) for c in column):
                raise LoadError("mapping", "mapping['labels'] must be a list of column names")
        elif not isinstance(column, str) or not column:
            raise LoadError("mapping", f"mapping[{key!r}] must be a column name, got {column!r}")
    return dict(mapping)


def _check_encoding(encoding: str) -> None:
    try:
        "".encode(encoding)
    except LookupError as exc:
        raise LoadError(f"encoding={encoding!r}", "unknown encoding; try 'utf-8' or 'latin-1'") \
            from exc


def _failed(source: str, reason: str) -> LoadReport:
    return LoadReport(problems=(LoadError(source, reason),))


def _size(n: float) -> str:
    return f"{n:,.0f} bytes" if n < _MIB else f"{n / _MIB:,.1f} MiB"


def _too_big(source: str, size: int, limits: Limits) -> LoadError:
    return LoadError(source, f"is {_size(size)}, more than the limit of "
                             f"{_size(limits.max_file_bytes)}; split it, or raise the "
                             "limit (Limits(max_file_bytes=...) in Python, --max-file-mb on the "
                             "command line)")


def _load_path(path: Path, options: _Options) -> LoadReport:
    """One path -> report; never raises LoadError."""
    if path.is_dir():
        return _load_folder(path, options)
    if not path.exists():
        return _failed(str(path), "no such file or folder; check the path")
    try:
        dataset = _dataset_for_file(path) if options.plain else None
        if dataset is not None:
            from framing import datasets  # lazy: datasets imports this module

            return datasets.load_dataset(dataset, path.parent)
        size = path.stat().st_size
        if size > options.limits.max_file_bytes:
            raise _too_big(str(path), size, options.limits)
        data = path.read_bytes()
        articles, problems = _load_bytes(data, path.name, str(path), options, options.fmt)
    except LoadError as exc:
        return LoadReport(problems=(exc,))
    except OSError as exc:
        return _failed(str(path), f"cannot read the file ({exc.strerror})")
    return LoadReport(articles=tuple(articles), problems=tuple(problems))


def _dataset_for_file(path: Path) -> str | None:
    """The data set whose main file ``path`` is, or None."""
    from framing import datasets  # lazy: datasets imports this module

    name = datasets.detect_dataset(path.parent)
    if name is not None and path.name in datasets.DATASET_FILES[name]:
        return name
    return None


def _load_folder(folder: Path, options: _Options) -> LoadReport:
    from framing import datasets  # lazy: datasets imports this module

    if options.plain:
        name = datasets.detect_dataset(folder)
        if name is not None:
            try:
                return datasets.load_dataset(name, folder)
            except LoadError as exc:
                return LoadReport(problems=(exc,))
    reports: list[LoadReport] = []
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        return _failed(str(folder), f"cannot list the folder ({exc.strerror})")
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and entry.is_dir():
            continue  # a link back up the tree would loop forever
        if entry.is_dir():
            reports.append(_load_folder(entry, options))
        else:
            reports.append(_load_path(entry, options))
    return LoadReport.combine(reports)


def _gunzip(data: bytes, source: str, limits: Limits) -> bytes:
    """Decompress gzip with the size and ratio limits applied while reading."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    cap = limits.max_file_bytes
    if len(data) * limits.max_zip_ratio >= limits.min_ratio_bytes:
        cap = min(cap, max(limits.min_ratio_bytes, int(len(data) * limits.max_zip_ratio)))
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error as exc:
        raise LoadError(source, f"is not a valid gzip file ({exc}); remove the .gz suffix if it "
                                "is not compressed") from exc
    if len(out) > cap:
        if cap < limits.max_file_bytes:
            raise LoadError(source, f"expands more than {limits.max_zip_ratio:.0f} times its "
                                    "compressed size (a decompression bomb?); refused")
        raise _too_big(source, len(out), limits)
    return out


def _load_bytes(data: bytes, name: str, source: str, options: _Options,
                fmt: str | None) -> tuple[list[Article], list[LoadError]]:
    """Parse the bytes of one file. Raises LoadError when the whole file fails."""
    if name.lower().endswith(".gz"):
        data = _gunzip(data, source, options.limits)
        name = name[:-3]
    kind = fmt or format_for(name)
    if kind == "zip" and fmt is None:
        return _load_zip(data, source, options)
    if kind is None:
        share = looks_binary(data)
        if share is not None:
            raise LoadError(source, f"is a binary file ({share:.0%} control bytes), not text; "
                                    "skipped")
        suffix = Path(name).suffix or name
        raise LoadError(
            source,
            f"unsupported file type {suffix!r}; supported: .txt, .md, .html, .json, .jsonl, "
            ".csv, .tsv (optionally .gz) and .zip, or pass format='text' (--format text) to "
            "read it anyway",
        )
    text = decode_bytes(data, source, encoding=options.encoding)
    mapping, most = options.mapping, options.limits.max_records
    if kind == "text":
        return [parse_page_text(text, source=source)], []
    if kind == "markdown":
        return [parse_markdown(text, source=source)], []
    if kind == "html":
        return [parse_html(text, source=source)], []
    if kind == "json":
        return read_json(text, source, mapping, max_records=most)
    if kind == "jsonl":
        return read_jsonl(text, source, mapping, max_records=most)
    return read_csv(text, source, mapping, delimiter="\t" if kind == "tsv" else None,
                    max_records=most)


def _unsafe_member(filename: str) -> str | None:
    """Why a zip member name would escape the folder it is extracted into, or None."""
    name = filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "has an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "has '..' in its path"
    return None


def _load_zip(data: bytes, source: str,
              options: _Options) -> tuple[list[Article], list[LoadError]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(source, f"is not a valid zip archive ({exc})") from exc
    limits = options.limits
    articles: list[Article] = []
    problems: list[LoadError] = []
    total = 0
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = f"{source}:{info.filename}"
            unsafe = _unsafe_member(info.filename)
            if unsafe is not None:
                problems.append(LoadError(member, f"refused: the entry {unsafe}, which would "
                                                  "escape the archive's folder"))
                continue
            parts = info.filename.replace("\\", "/").split("/")
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue
            if info.file_size > limits.max_file_bytes:
                problems.append(_too_big(member, info.file_size, limits))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= limits.min_ratio_bytes and ratio > limits.max_zip_ratio:
                problems.append(LoadError(
                    member, f"refused: expands {ratio:,.0f} times its compressed size, more than "
                            f"the limit of {limits.max_zip_ratio:.0f} (a zip bomb?)"))
                continue
            total += info.file_size
            if total > limits.max_zip_total_bytes:
                problems.append(LoadError(
                    member, f"refused: the archive expands past "
                            f"{_size(limits.max_zip_total_bytes)}; the remaining "
                            "members were not read"))
                break
            try:
                with archive.open(info) as handle:
                    raw = handle.read(limits.max_file_bytes + 1)
                found, bad = _load_bytes(raw, parts[-1], member, options, None)
            except LoadError as exc:
                problems.append(exc)
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError,
                    EOFError, zlib.error) as exc:
                problems.append(LoadError(member, f"cannot extract this member ({exc})"))
                continue
            articles.extend(found)
            problems.extend(bad)
    return articles, problems
