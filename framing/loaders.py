"""Turn files, folders, zip archives and pasted text into :class:`~framing.models.Article` objects.

Entry points
------------
:func:`load_articles`
    Paths (files or folders) -> :class:`LoadReport` (articles plus one problem per bad input).
:func:`parse_page_text`
    A plain-text page scrape (or pasted text) -> one article, site chrome removed.
:func:`parse_date`
    Any reasonable date spelling -> :class:`datetime.date`, or ``None`` when absent/ambiguous.
:func:`decode_bytes`
    Bytes of a text file -> ``str`` (encoding detection, BOM, newlines, NUL bytes).

Formats are chosen by extension unless ``format=`` says otherwise:

=========================================  ==========
extension                                  format
=========================================  ==========
``.txt``, ``.text``, no extension          ``text``  (plain-text page scrape)
``.html``, ``.htm``, ``.xhtml``            ``html``  (trafilatura)
``.json``                                  ``json``  (an object, a list, or ``{"articles": [...]}``)
``.jsonl``, ``.ndjson``                    ``jsonl`` (one object per line)
``.csv``                                   ``csv``
``.tsv``, ``.tab``                         ``tsv``
``<any of the above>.gz``                  gzip around the inner format
``.zip``                                   every member, by its own extension
=========================================  ==========

A folder that :func:`framing.datasets.detect_dataset` recognises (RUWA, ukraine_news_bias) is
loaded with that data set's adapter instead of file by file.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dateutil.parser
from charset_normalizer import from_bytes

from framing.errors import LoadError
from framing.models import Article
from framing.outlets import load_aliases, normalise_outlet

__all__ = [
    "FORMATS",
    "COLUMN_CANDIDATES",
    "LoadReport",
    "decode_bytes",
    "format_for",
    "load_articles",
    "parse_date",
    "parse_page_text",
    "parse_html",
    "records_to_articles",
]

#: Formats :func:`load_articles` understands (values of its ``format=`` argument).
FORMATS: tuple[str, ...] = ("text", "json", "jsonl", "csv", "tsv", "html")

_EXTENSIONS: dict[str, str] = {
    "": "text", ".txt": "text", ".text": "text",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv", ".tab": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
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
_MAPPING_KEYS = (*COLUMN_CANDIDATES, "labels")


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load produced: the articles, and one problem per input that failed.

    Attributes
    ----------
    articles : tuple of Article
        Unique by :attr:`Article.id`, in the order they were first met (paths in the order given,
        folder entries sorted by name).
    problems : tuple of LoadError
        One per bad file, bad line or group of skipped rows; ``problem.source`` names the file
        (``"a.jsonl:17"`` for a line) and ``problem.reason`` says what was wrong and the fix.

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


# --------------------------------------------------------------------------------------------
# Loading files and folders


def load_articles(
    paths: str | Path | Iterable[str | Path],
    *,
    format: str | None = None,  # noqa: A002 - the public name users type
    mapping: Mapping[str, Any] | None = None,
    encoding: str | None = None,
) -> LoadReport:
    """Load every article from files, folders (recursively) and zip archives.

    Parameters
    ----------
    paths : str, pathlib.Path, or iterable of them
        Files or folders. Folders are walked recursively in name order; hidden files and folders
        (name starting with ``"."``) are skipped. A folder recognised as a known data set
        (:func:`framing.datasets.detect_dataset`) is loaded with its adapter.
    format : {"text", "json", "jsonl", "csv", "tsv", "html"}, optional
        Read every file in this format instead of guessing from its extension (a ``.gz`` suffix
        is still decompressed).
    mapping : Mapping, optional
        For JSON, JSONL, CSV and TSV: which column holds each field, e.g.
        ``{"text": "body", "title": "headline", "outlet": "source", "date": "published",
        "url": "link"}``. Fields not given are found among :data:`COLUMN_CANDIDATES`
        (case-insensitive). An extra key ``"labels"`` may list columns to keep as article labels.
    encoding : str, optional
        Decode every file with this codec instead of detecting it (like ``encoding="latin-1"``).

    Returns
    -------
    LoadReport
        ``articles``: unique by id; ``problems``: one :class:`LoadError` per path that does not
        exist, file that cannot be read (empty, binary, unsupported type, invalid JSON, no text
        column…), invalid JSONL line (source ``"file.jsonl:17"``), and per file whose rows had no
        text. A bad file never stops the others from loading.

    Raises
    ------
    LoadError
        Only for bad arguments: an unknown ``format``, a ``mapping`` with unknown keys or
        non-string column names, or an unknown ``encoding``.
    """
    fmt = _check_format(format)
    columns = _check_mapping(mapping)
    if encoding is not None:
        _check_encoding(encoding)
    if isinstance(paths, (str, Path)):
        paths = [paths]
    reports = [_load_path(Path(p), fmt, columns, encoding) for p in paths]
    return LoadReport.combine(reports)


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


def _check_format(format: str | None) -> str | None:  # noqa: A002
    if format is None:
        return None
    fmt = format.strip().lower().lstrip(".")
    fmt = {"txt": "text", "ndjson": "jsonl", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise LoadError(f"format={format!r}", f"unknown format; use one of {', '.join(FORMATS)}")
    return fmt


def _check_mapping(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
    if mapping is None:
        return {}
    unknown = sorted(set(mapping) - set(_MAPPING_KEYS))
    if unknown:
        raise LoadError(
            "mapping",
            f"unknown field(s) {unknown}; mapping keys must be among {list(_MAPPING_KEYS)}, "
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


def _load_path(path: Path, fmt: str | None, mapping: dict[str, Any],
               encoding: str | None) -> LoadReport:
    """One path -> report; never raises LoadError."""
    if path.is_dir():
        return _load_folder(path, fmt, mapping, encoding)
    if not path.exists():
        return _failed(str(path), "no such file or folder; check the path")
    try:
        dataset = _dataset_for_file(path) if fmt is None and not mapping else None
        if dataset is not None:
            from framing import datasets  # lazy: datasets imports this module

            return datasets.load_dataset(dataset, path.parent)
        data = path.read_bytes()
        articles, problems = _load_bytes(data, path.name, str(path), fmt, mapping, encoding)
    except LoadError as exc:
        return LoadReport(problems=(exc,))
    except OSError as exc:
        return _failed(str(path), f"cannot read the file ({exc.strerror})")
    return LoadReport(articles=tuple(articles), problems=tuple(problems))


def _dataset_for_file(path: Path) -> str | None:
    """The data set whose main file ``path`` is, or None."""
    from framing import datasets  # lazy: datasets imports this module

    name = datasets.detect_dataset(path.parent)
    if name is not None and datasets.DATASET_FILES[name] == path.name:
        return name
    return None


def _load_folder(folder: Path, fmt: str | None, mapping: dict[str, Any],
                 encoding: str | None) -> LoadReport:
    from framing import datasets  # lazy: datasets imports this module

    if fmt is None and not mapping:
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
        if entry.is_dir():
            reports.append(_load_folder(entry, fmt, mapping, encoding))
        else:
            reports.append(_load_path(entry, fmt, mapping, encoding))
    return LoadReport.combine(reports)


def _load_bytes(data: bytes, name: str, source: str, fmt: str | None, mapping: dict[str, Any],
                encoding: str | None) -> tuple[list[Article], list[LoadError]]:
    """Parse the bytes of one file. Raises LoadError when the whole file fails."""
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise LoadError(source, f"is not a valid gzip file ({exc}); "
                                    "remove the .gz suffix if it is not compressed") from exc
        name = name[:-3]
    kind = fmt or format_for(name)
    if kind == "zip" and fmt is None:
        return _load_zip(data, source, mapping, encoding)
    if kind is None:
        suffix = Path(name).suffix or name
        raise LoadError(
            source,
            f"unsupported file type {suffix!r}; supported: .txt, .html, .json, .jsonl, .csv, "
            ".tsv (optionally .gz) and .zip, or pass format='text' (--format) to read it anyway",
        )
    text = decode_bytes(data, source, encoding=encoding)
    if kind == "text":
        return [parse_page_text(text, source=source)], []
    if kind == "html":
        return [parse_html(text, source=source)], []
    if kind == "json":
        return _load_json(text, source, mapping)
    if kind == "jsonl":
        return _load_jsonl(text, source, mapping)
    return _load_csv(text, source, mapping, delimiter="\t" if kind == "tsv" else None)


def _load_zip(data: bytes, source: str, mapping: dict[str, Any],
              encoding: str | None) -> tuple[list[Article], list[LoadError]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(source, f"is not a valid zip archive ({exc})") from exc
    articles: list[Article] = []
    problems: list[LoadError] = []
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            parts = info.filename.split("/")
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue
            member = f"{source}:{info.filename}"
            try:
                found, bad = _load_bytes(archive.read(info), parts[-1], member, None, mapping,
                                         encoding)
            except LoadError as exc:
                problems.append(exc)
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                problems.append(LoadError(member, f"cannot extract this member ({exc})"))
                continue
            articles.extend(found)
            problems.extend(bad)
    return articles, problems


# --------------------------------------------------------------------------------------------
# Bytes -> text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 11, 12, 13, 27}
_BINARY_CONTROL_SHARE = 0.05
_SAMPLE = 65536


def decode_bytes(data: bytes, source: str = "<bytes>", *, encoding: str | None = None) -> str:
    """Decode the bytes of a text file and normalise them.

    UTF-8 is tried first (a byte-order mark selects UTF-8/16/32 directly); otherwise
    charset-normalizer's best guess is used, preferring Windows-1252 when that reads the bytes
    equally well (the usual encoding of Western-European "Latin-1" news text, and the guess
    browsers make). The result has no BOM, ``"\\n"`` line ends and no NUL characters.

    Parameters
    ----------
    data : bytes
        The raw file content.
    source : str, optional
        Named in error messages.
    encoding : str, optional
        Skip detection and decode with this codec.

    Returns
    -------
    str

    Raises
    ------
    LoadError
        The content is empty or only whitespace ("is empty"); looks binary (more than 5 % of
        the first 64 KiB are control bytes, or no text encoding fits: "looks like a binary
        file"); or does not decode with the given ``encoding``.
    """
    if not data.strip():
        raise LoadError(source, "is empty; nothing to load")
    text: str | None = None
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise LoadError(source, f"cannot be decoded as {encoding} ({exc}); "
                                    "leave the encoding out to detect it") from exc
    else:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    text = None
                break
    if text is None:
        sample = data[:_SAMPLE]
        controls = sum(1 for b in sample if b in _CONTROL_BYTES)
        if controls > _BINARY_CONTROL_SHARE * len(sample):
            raise LoadError(
                source,
                f"looks like a binary file ({controls / len(sample):.0%} control bytes), not "
                "text; convert it to .txt, .html, .json, .jsonl or .csv first",
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _guess_decode(data, source)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise LoadError(source, "is empty; nothing to load")
    return text


def _guess_decode(data: bytes, source: str) -> str:
    matches = list(from_bytes(data))
    if not matches:
        raise LoadError(
            source,
            "looks like a binary file: no text encoding fits its bytes; if it is text, pass "
            "encoding='latin-1' (or its real encoding)",
        )
    least_chaos = min(m.chaos for m in matches)
    for match in matches:
        if match.chaos == least_chaos and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252")
    best = min(matches, key=lambda m: m.chaos)
    return str(best)


# --------------------------------------------------------------------------------------------
# Dates

_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ]\S*.*$)")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:$| .*$)")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))


def parse_date(value: object) -> dt.date | None:
    """Read a publication date, or return ``None`` when there is none or it is ambiguous.

    Parameters
    ----------
    value : str, datetime.date, datetime.datetime, pandas.Timestamp, int, float or None
        Accepted spellings include ISO ("2015-09-22", "2015-09-22T14:47:00Z", "2015/09/22"),
        "Tue Sep 22, 2015 2:47PM", "September 22, 2015", "22 September 2015", RFC 2822
        ("Tue, 22 Sep 2015 14:47:00 +0000"), numeric day/month forms where one part is > 12
        ("09/22/2015" US, "22/09/2015"), "20150922", and Unix epoch seconds or milliseconds.

    Returns
    -------
    datetime.date or None
        The calendar date as written (no time-zone conversion). ``None`` for missing values,
        text that is not a date, text lacking a year, month or day ("September 2015"),
        numeric forms whose day and month are both <= 12 and differ ("03/04/2015"), and
        numeric forms with a two-digit year ("09/22/15"): a date is never guessed.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):  # includes pandas.Timestamp
        if value != value:  # pandas.NaT is the only datetime unequal to itself
            return None
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        return _make_date(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), numeric[3]
        if len(year) == 2:
            return None
        if first > 12 >= second:
            return _make_date(int(year), second, first)
        if second > 12 >= first or first == second:
            return _make_date(int(year), first, second)
        return None
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    results = []
    for default in _DEFAULTS:
        try:
            results.append(dateutil.parser.parse(text, default=default))
        except (ValueError, OverflowError):
            return None
    first_try, second_try = results
    if (first_try.year, first_try.month, first_try.day) != (
        second_try.year, second_try.month, second_try.day
    ):
        return None  # year, month or day came from the default, not the text
    return first_try.date()


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_epoch(seconds: float) -> dt.date | None:
    if math.isnan(seconds):
        return None
    if seconds >= 1e11:  # milliseconds
        seconds /= 1000.0
    if not 1e8 <= seconds < 1e10:
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()


# --------------------------------------------------------------------------------------------
# Plain-text page scrapes

# Site furniture: calls to action at the start of a unit (or after a separator such as " - "),
# and phrases that do not occur in news prose. Only short units (<= _CHROME_MAX_WORDS words) count.
_CHROME = re.compile(
    r"""(?ix)
    (?:^|[-|:!.\u2013\u2014]\s+)(?:please\s+)?(?:
        donate\b | make\s+an?\s+(?:\w+\s+)?donation\b | support\s+us\b
      | subscribe\b | sign\s+(?:up|in)\b | log\s?in\b | register\b | join\s+(?:us|our)\b
      | follow\s+(?:us\b|@) | share\s+(?:this|on|via)\b | click\s+(?:here|to)\b
      | download\s+(?:our|the)\s+app\b | read\s+more\b | see\s+also\b | also\s+read\b )
    | \bmailing\s+list\b | \bour\s+newsletters?\b | \ball\s+rights\s+reserved\b | \u00a9
    | \bprivacy\s+policy\b | \bcookie\s+(?:policy|settings)\b | \bwe\s+use\s+cookies\b
    | \bterms\s+(?:of\s+(?:use|service)|and\s+conditions)\b | \bskip\s+to\s+(?:main\s+)?content\b
    | \benable\s+javascript\b
    | ^(?:related(?:\s+\w+)?|more\s+on\s+this(?:\s+story)?|recommended(?:\s+\w+)?)\s*:
    | ^(?:comments?|share|print|e-?mail|tweet|home|menu|search|advertisement
        |related(?:\s+\w+)?)$
    """
)
_CHROME_MAX_WORDS = 30
_SENTENCE_END = re.compile(r"(?:[.!?\u2026][\"'\u201d\u2019\u00bb)\]]*|[\"\u201d\u00bb])$")
# "World > Europe", "Home / News / World": one spaced arrow, or two spaced slashes/bars.
_BREADCRUMB = re.compile(r"\s[>\u00bb\u203a]\s|(?:\s[/|]\s.*){2}")
_BYLINE = re.compile(r"^(?:by|from)\s+[A-Z\u00c0-\u024f]", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_PART_SEPARATOR = re.compile(r"\s+[|\u2022\u00b7\u2013\u2014-]\s+")
_DATE_PREFIX = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified)|date)\b\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)
_STRONG_MIN_WORDS = 8
_STRONG_MIN_CHARS = 40
_MAX_GAP = 3
_META_MAX_WORDS = 10


def _words(unit: str) -> int:
    return len(unit.split())


def _is_chrome(unit: str) -> bool:
    return _words(unit) <= _CHROME_MAX_WORDS and bool(_CHROME.search(unit))


def _ends_sentence(unit: str) -> bool:
    return bool(_SENTENCE_END.search(unit))


def _is_strong_prose(unit: str) -> bool:
    """A paragraph that is surely body text: long, several words, ends like a sentence."""
    return (_words(unit) >= _STRONG_MIN_WORDS and len(unit) >= _STRONG_MIN_CHARS
            and _ends_sentence(unit) and not _is_chrome(unit))


def _is_body_unit(unit: str) -> bool:
    """A unit kept when it sits inside the body run (short sentences, long unpunctuated text)."""
    if _is_chrome(unit) or _URL.match(unit):
        return False
    return _ends_sentence(unit) or _words(unit) >= 15


def _units(raw: str) -> list[str]:
    """Split text into paragraph units: blank-line blocks, then lines unless hard-wrapped."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").lstrip("\ufeff")
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """True when a block's lines are one paragraph broken at a fixed width.

    All lines but the last are at least 40 characters, most of them stop mid-sentence, and the
    last one ends a sentence (header lines such as a menu and a headline do not).
    """
    if len(lines) < 2 or not _ends_sentence(lines[-1]):
        return False
    head = lines[:-1]
    if any(len(line) < 40 for line in head):
        return False
    open_ended = sum(1 for line in head if not _ends_sentence(line))
    return open_ended * 2 > len(head)


def _find_body(units: Sequence[str]) -> tuple[int, int] | None:
    """Index range [start, end) of the main run of prose paragraphs, or None."""
    strong = [i for i, unit in enumerate(units) if _is_strong_prose(unit)]
    if not strong:
        return None
    runs: list[list[int]] = [[strong[0]]]
    for index in strong[1:]:
        if index - runs[-1][-1] - 1 <= _MAX_GAP:
            runs[-1].append(index)
        else:
            runs.append([index])
    best = max(runs, key=lambda run: sum(len(units[i]) for i in run))
    start, end = best[0], best[-1] + 1
    while end < len(units) and _words(units[end]) >= 3 and _is_body_unit(units[end]) \
            and not _is_date_line(units[end]):
        end += 1  # a short closing sentence ("He declined to comment.")
    return start, end


def _part_date(part: str) -> dt.date | None:
    return parse_date(_DATE_PREFIX.sub("", part.strip()))


def _part_outlet(part: str, aliases: Mapping[str, str]) -> str | None:
    key = normalise_outlet(part, aliases).lower()
    return aliases.get(key)


def _meta_of(unit: str, aliases: Mapping[str, str]) -> tuple[dt.date | None, str | None] | None:
    """(date, outlet) stated by a short meta line, or None when the line is something else.

    A meta line is a date ("Published: 22 Sep 2015"), a known outlet alias, or parts split by
    " | ", " - ", " · " … that are each a date, an alias or a short label ("Reuters | Mon 5 Jun
    2017", "Kyiv - 22 September 2015"); "Headline words here - Reuters" is not one.
    """
    if _words(unit) > _META_MAX_WORDS:
        return None
    whole_date = _part_date(unit)
    whole_outlet = _part_outlet(unit, aliases)
    if whole_date is not None or whole_outlet is not None:
        return whole_date, whole_outlet
    date: dt.date | None = None
    outlet: str | None = None
    for part in _PART_SEPARATOR.split(unit):
        part_date = _part_date(part)
        part_outlet = _part_outlet(part, aliases) if part_date is None else None
        if part_date is not None:
            date = date or part_date
        elif part_outlet is not None:
            outlet = outlet or part_outlet
        elif _words(part) > 3 or _ends_sentence(part):
            return None
    if date is None and outlet is None:
        return None
    return date, outlet


def _is_date_line(unit: str) -> bool:
    meta = _meta_of(unit, {})
    return meta is not None and meta[0] is not None


def _is_menu_like(unit: str) -> bool:
    return (_words(unit) < 3 or bool(_BREADCRUMB.search(unit)) or bool(_URL.match(unit))
            or (bool(_BYLINE.match(unit)) and _words(unit) <= 6 and not _ends_sentence(unit)))


def _strip_outlet_suffix(title: str, outlet: str, aliases: Mapping[str, str]) -> tuple[str, str]:
    """Split "Headline - Outlet" into ("Headline", outlet id) when the tail names an outlet."""
    parts = _PART_SEPARATOR.split(title)
    if len(parts) < 2:
        return title, outlet
    tail = parts[-1]
    known = _part_outlet(tail, aliases) if _words(tail) <= 5 else None
    if known is not None and (not outlet or known == outlet):
        head = title[: title.rfind(tail)].rstrip()
        head = re.sub(r"\s*[|\u2022\u00b7\u2013\u2014-]$", "", head).rstrip()
        return head, known
    return title, outlet


def parse_page_text(raw: str, *, source: str = "<pasted text>") -> Article:
    """Parse a plain-text page scrape (or pasted article text) into one article.

    The rules are general, not tuned to any site:

    1. The text is split into units: blocks separated by blank lines, and lines within a block
       unless the block is one hard-wrapped paragraph (then its lines are joined).
    2. The body is the main run of prose paragraphs: units of at least 8 words and 40
       characters that end in sentence punctuation or a closing quote and are not site chrome,
       allowing up to 3 other units between two of them; the run with the most prose characters
       wins. Inside the run, sentence-like units are kept (a one-sentence paragraph stays) and
       chrome, menu and caption-like lines are dropped; short sentences right after the run are
       kept too.
    3. Units before the body are the header. Reading back from the body: a short line that
       parses as a date (optionally "Published: …" or "Outlet | date") gives the date; a line
       that is a known outlet alias (``corpora/outlets.yaml``), or a short unpunctuated line
       repeated in the header, gives the outlet; the nearest remaining line that is not chrome
       (donate/subscribe/mailing-list/cookie/share calls), a breadcrumb, a byline, a URL or
       shorter than 3 words is the headline ("Headline - Outlet" is split).
    4. Everything after the body (footer) is dropped; a date there is used only when the
       header has none.

    Parameters
    ----------
    raw : str
        The page text.
    source : str, optional
        Stored as :attr:`Article.source`.

    Returns
    -------
    Article
        ``text``: body paragraphs joined by ``"\\n\\n"``; ``title``/``outlet`` ``""`` and
        ``date`` ``None`` when not found (never invented). When no prose run exists (short
        pasted text) every non-chrome unit is kept as the body and nothing else is extracted.

    Raises
    ------
    LoadError
        ``raw`` is empty, or contains nothing but site chrome.
    """
    units = _units(raw)
    if not units:
        raise LoadError(source, "is empty; nothing to load")
    body_range = _find_body(units)
    if body_range is None:
        kept = [unit for unit in units if not _is_chrome(unit)]
        if not kept:
            raise LoadError(source, "holds only site chrome (menus, banners), no article text")
        return Article.make(text="\n\n".join(kept), source=source)

    start, end = body_range
    body = [unit for unit in units[start:end] if _is_body_unit(unit)]
    header = units[:start]
    footer = units[end:]
    aliases = load_aliases()

    seen: dict[str, int] = {}
    for unit in header:
        seen[unit.lower()] = seen.get(unit.lower(), 0) + 1

    date: dt.date | None = None
    outlet = ""
    repeated_outlet = ""
    url = ""
    title = ""
    for unit in reversed(header):
        if _is_chrome(unit):
            continue
        if _URL.match(unit):
            url = url or unit
            continue
        meta = _meta_of(unit, aliases)
        if meta is not None:
            date = date or meta[0]
            outlet = outlet or (meta[1] or "")
            continue
        if seen[unit.lower()] > 1 and _words(unit) <= 6 and not _ends_sentence(unit):
            repeated_outlet = repeated_outlet or normalise_outlet(unit, aliases)
            continue
        if not title and not _is_menu_like(unit):
            title = unit
    outlet = outlet or repeated_outlet
    if title:
        title, outlet = _strip_outlet_suffix(title, outlet, aliases)
    if date is None:
        for unit in footer:
            meta = None if _is_chrome(unit) else _meta_of(unit, aliases)
            if meta is not None and meta[0] is not None:
                date = meta[0]
                break
    return Article.make(text="\n\n".join(body), title=title, outlet=outlet, date=date, url=url,
                        source=source)


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
        :func:`parse_date`; ``url`` from the metadata. Authors are ignored.

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
    return Article.make(text="\n\n".join(paragraphs), title=title, outlet=outlet,
                        date=parse_date(meta.get("date")), url=url, source=source)


# --------------------------------------------------------------------------------------------
# Tables: JSON, JSONL, CSV, TSV


def _load_json(text: str, source: str,
               mapping: dict[str, Any]) -> tuple[list[Article], list[LoadError]]:
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


def _load_jsonl(text: str, source: str,
                mapping: dict[str, Any]) -> tuple[list[Article], list[LoadError]]:
    records: list[tuple[str, dict[str, Any]]] = []
    problems: list[LoadError] = []
    for number, line in enumerate(text.split("\n"), start=1):
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


def _load_csv(text: str, source: str, mapping: dict[str, Any],
              delimiter: str | None) -> tuple[list[Article], list[LoadError]]:
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
        resolved[field] = next((by_lower[c] for c in candidates if c in by_lower), None)
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
        At most one: how many rows had no text and were skipped.

    Raises
    ------
    LoadError
        No text column (the message lists the columns and the fix), or ``mapping`` names a
        column the file does not have.
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
    empty = 0
    for row_source, row in records:
        values = {field: (row.get(column) if column is not None else None)
                  for field, column in fields.items()}
        text = _field_text(values["text"])
        if not text:
            empty += 1
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
    problems: list[LoadError] = []
    if empty:
        noun = "row" if empty == 1 else "rows"
        verb = "was" if empty == 1 else "were"
        problems.append(LoadError(
            source,
            f"{empty} {noun} had no text in column {fields['text']!r} and {verb} skipped "
            f"({len(records) - empty} of {len(records)} loaded)",
        ))
    return articles, problems
