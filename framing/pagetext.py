"""Plain-text page scrapes (and pasted article text) -> one :class:`~framing.models.Article`.

A page scrape is what "select all, copy" or a text-mode browser gives: menus, banners, the
headline, a date line, the body, and a footer. :func:`parse_page_text` keeps the body and reads
the headline, outlet and date from the header with general rules (no site-specific strings).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from framing.dates import parse_date
from framing.errors import LoadError
from framing.models import Article
from framing.outlets import load_aliases, normalise_outlet

__all__ = ["parse_page_text"]

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
