"""Value objects shared by every module: :class:`Article` and :class:`Hit`.

No I/O happens here. Tables of many articles, hits or scores are pandas DataFrames whose columns
are documented where they are produced (:mod:`framing.matching`, :mod:`framing.scoring`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Article", "Hit", "Voice", "VOICES"]

Voice = Literal["authorial", "quoted", "distanced"]
#: The three voices a hit can carry (see DESIGN.md): the outlet's own words, words inside a
#: quotation, and words the outlet holds at a distance (scare quotes, "so-called", "alleged").
VOICES: tuple[str, ...] = ("authorial", "quoted", "distanced")


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: str) -> str:
    """``value`` with every lone surrogate replaced by U+FFFD (ASCII text is returned as is)."""
    return value if value.isascii() else _SURROGATE.sub("\ufffd", value)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    Attributes
    ----------
    id : str
        Stable identifier: 16 hex characters of the SHA-256 of outlet, title, body and url, so
        the same article loaded twice gets the same id (see :meth:`make`).
    text : str
        The body, with newlines between paragraphs; site chrome already removed by the loader.
    title : str
        Headline, ``""`` when unknown.
    outlet : str
        Normalised outlet id ("Press TV", "rt.com"), ``""`` when unknown.
    date : datetime.date or None
        Publication date; ``None`` when missing or ambiguous (never guessed).
    url : str
        Address of the article, ``""`` when unknown.
    source : str
        Where it was loaded from: a file path, ``"<pasted text>"`` or ``"ruwa:row 17"``.
    labels : tuple of (str, str)
        Labels a data set carries (``("event", "bucha")``, ``("bias", "left")``).
    """

    id: str
    text: str
    title: str = ""
    outlet: str = ""
    date: dt.date | None = None
    url: str = ""
    source: str = ""
    labels: tuple[tuple[str, str], ...] = ()

    @classmethod
    def make(
        cls,
        *,
        text: str,
        title: str = "",
        outlet: str = "",
        date: dt.date | None = None,
        url: str = "",
        source: str = "",
        labels: tuple[tuple[str, str], ...] = (),
    ) -> "Article":
        """Build an article whose ``id`` is derived from its content (same content, same id).

        A lone surrogate code point in ``text`` or ``title`` (JSON's ``"\\ud800"`` escape
        decodes to one; no UTF-8 file, SQLite store or Arrow table can hold it) becomes U+FFFD,
        one character for one, so offsets into the text stay where they were.
        """
        text, title = without_surrogates(text), without_surrogates(title)
        digest = hashlib.sha256(
            "\x1f".join((outlet, title, text, url)).encode("utf-8", "surrogatepass")
        ).hexdigest()[:16]
        return cls(id=digest, text=text, title=title, outlet=outlet, date=date, url=url,
                   source=source, labels=tuple(labels))

    @property
    def document(self) -> str:
        """The text that matching runs over: the title, a blank line, then the body.

        Every :class:`Hit` span is a character offset into this string.
        """
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    def label(self, name: str, default: str = "") -> str:
        """The value of label ``name``, or ``default`` when the article has none."""
        for key, value in self.labels:
            if key == name:
                return value
        return default


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a lexicon term in one article.

    Attributes
    ----------
    article_id : str
        :attr:`Article.id` of the article.
    concept : str
        Concept id in the lexicon ("crimea-2014").
    variant : str
        The variant's id: its first term ("reunification").
    frame : str
        The variant's frame ("kremlin").
    term : str
        The lexicon term that matched, as written in the lexicon.
    start, end : int
        Character span in :attr:`Article.document`; ``document[start:end]`` is :attr:`text`.
    text : str
        The matched text as it stands in the article.
    sentence : int
        0-based index of the sentence (in :attr:`Article.document`) holding the hit.
    sentence_text : str
        That sentence.
    voice : {"authorial", "quoted", "distanced"}
        Whose words these are (see DESIGN.md).
    loaded : bool
        False when the variant's date rule says the term was not loaded on the article's date
        (e.g. "Kiev" before English style guides moved to "Kyiv"); such hits are shown but not
        scored.
    weight : float
        The variant's weight (1.0 unless the lexicon says otherwise).
    note : str
        Why the hit is not loaded, or ``""``.
    negated : bool
        A negator ("not", "no", "never", "n't", "without", "deny", …) stands within five
        tokens before the hit in the same clause ("not an annexation"); flagged, never dropped
        (see :mod:`framing.matching`).
    """

    article_id: str
    concept: str
    variant: str
    frame: str
    term: str
    start: int
    end: int
    text: str
    sentence: int
    sentence_text: str
    voice: str
    loaded: bool = True
    weight: float = 1.0
    note: str = ""
    negated: bool = False
