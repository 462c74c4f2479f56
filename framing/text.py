"""Text normalisation, sentences and quotation spans.

Matching runs over a *normalised* copy of a document: lower case, one kind of apostrophe, quote
and dash, no soft hyphens or ligatures, and every run of white space folded to one space (so a
term broken across a line still matches). :class:`NormalizedText` keeps the offsets needed to map
a span of the normalised copy back to the original, so every hit's span reproduces the original
text exactly.

Sentences follow Punkt's punctuation rules with a fixed abbreviation list (no downloaded model;
Kiss & Strunk 2006, *Computational Linguistics* 32(4)), written as a few regular expressions that
each open with a literal character (the ``re`` engine searches for a literal at memory speed), with
paragraph breaks as boundaries so a headline without a full stop is its own sentence. Quotation
spans follow English typographic convention (Chicago Manual of Style 17th ed., 13.30: a quotation
running over several paragraphs opens each paragraph with a quotation mark and closes only the
last one).

Every function here runs in time linear in the length of its input, whatever the input: a 5 MB
line, a million full stops or quotation marks (possessive quantifiers, no nested repetition, and
no search that rescans text already looked at).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import importlib
import itertools
import operator
import os
import re
import threading
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache


__all__ = [
    "NormalizedText",
    "normalize",
    "sentence_spans",
    "quote_spans",
    "quote_bounds",
    "quote_words",
    "sentence_starts",
    "QuoteSpan",
    "WORD_CHARS",
]

# One-to-one character replacements (str.translate keeps offsets unchanged).
_ONE_TO_ONE = {
    # apostrophes and single quotes -> '
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02b9": "'", "\u2032": "'", "\u00b4": "'",
    "\u0060": "'", "\uff07": "'",
    # double quotes -> "
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"', "\uff02": '"',
    # dashes and hyphens -> -
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe63": "-", "\uff0d": "-",
    # Turkish dotted capital I lower-cases to two characters; fold it to a plain I
    "\u0130": "I",
}


def _accent_folds() -> dict[str, str]:
    """Latin letters with diacritics -> their base letter ("é" -> "e"), one to one."""
    folds = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base != ch:
            folds[ch] = base
    return folds


_TRANSLATE = str.maketrans({**_accent_folds(), **_ONE_TO_ONE})

# Characters whose normalised form has a different length: ligatures, soft hyphen, zero-width
# characters, and runs of white space (folded to one space). Everything else maps one to one.
_MULTI = re.compile(
    r"\s{2,}|[\u00ad\u200b\u200c\u200d\u2060\ufeff]|[\ufb00-\ufb06]|[^\x00-\u024f\s]"
    r"|[\u1e9e]"
)
_SPACE_LIKE = re.compile(r"[^\S ]")  # single tab/newline/nbsp … -> " " (one to one)

#: Characters that continue a word for boundary checks (letters, digits, underscore).
WORD_CHARS = re.compile(r"\w")


def _fold(chunk: str) -> str:
    """Normalised form of a chunk matched by ``_MULTI`` (may change length)."""
    if chunk.isspace():
        return " "
    if chunk in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        return ""
    out = unicodedata.normalize("NFKC", chunk).translate(_TRANSLATE).lower()
    return out


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised copy of a text with the offsets to map spans back.

    Attributes
    ----------
    text : str
        The normalised text (lower case; quotes, apostrophes and dashes unified; white-space
        runs folded to one space; ligatures expanded; soft hyphens removed).
    original : str
        The text it was made from.
    norm_starts, orig_starts, norm_ends, orig_ends : tuple of int
        Breakpoints of the edits that changed length, sorted: at normalised offset
        ``norm_starts[i]`` begins a replacement of ``original[orig_starts[i]:orig_ends[i]]``
        that ends at normalised offset ``norm_ends[i]``.
    """

    text: str
    original: str
    norm_starts: tuple[int, ...]
    norm_ends: tuple[int, ...]
    orig_starts: tuple[int, ...]
    orig_ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span ``[start, end)`` of :attr:`text` to a span of :attr:`original`.

        A span boundary that falls inside a replaced run is widened to the whole run, so the
        original span always covers what was matched.
        """
        return self._map(start, is_end=False), self._map(end, is_end=True)

    def _map(self, pos: int, *, is_end: bool) -> int:
        i = bisect.bisect_right(self.norm_starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self.norm_ends[i]:
            return self.orig_ends[i] + (pos - self.norm_ends[i])
        # strictly inside a replacement: widen to the whole replaced run
        if is_end and pos > self.norm_starts[i]:
            return self.orig_ends[i]
        return self.orig_starts[i]


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching.

    Parameters
    ----------
    text : str
        Any Unicode text.

    Returns
    -------
    NormalizedText
        The normalised copy with offset maps; ``len`` may differ from ``len(text)``.

    Notes
    -----
    Fast paths (measured in ``benchmarks/matching.py``; every path gives the result of the
    general rules, :func:`_normalize_by_lower`, breakpoints included): ASCII text is
    lower-cased and its white space made spaces by one ``bytes.translate``; other text by one
    ``charmap`` encoding and one ``bytes.translate`` (:func:`_normalize_one_byte`), which leave
    only the rare characters without a one-byte form to fold in Python, run by run, each run
    folded once and cached. Runs of several spaces are found by a literal search.
    """
    _check_text(text, "normalize")
    if _compiled_fold is not None:
        # one compiled pass (ASCII, or every character with a one-byte form): the result of
        # either path below, made at once (framing/_foldscan.pyx)
        spaced = _compiled_fold(text)
        if spaced is not None:
            return _spaced(spaced, text)
    if text.isascii():
        return _normalize_ascii(text, text)
    if "\u03a3" in text:  # capital sigma lower-cases by its context ("ς" ending a word)
        return _normalize_by_lower(text)
    # the frequent one-to-one replacements first (str.replace, memory speed) leave most news
    # copy ASCII, the fastest path
    ascii_text = _replace_common_wide(text)
    if ascii_text.isascii():
        return _normalize_ascii(ascii_text, text)
    return _normalize_one_byte(ascii_text, text)


def _normalize_ascii(ascii_text: str, text: str) -> NormalizedText:
    """:func:`normalize` of ``text``, given ``ascii_text``: ``text`` with the same normalised
    form, ASCII only (one C pass, ``bytes.translate``, lower-cases it and turns every white-space
    character into a space; only runs of several spaces are left to fold)."""
    return _spaced(ascii_text.encode("ascii").translate(_ASCII_FOLD).decode("ascii"), text)


def _spaced(spaced: str, text: str) -> NormalizedText:
    """:func:`normalize` of ``text``, given ``spaced``: its normalised form before runs of
    spaces are folded (same length)."""
    if "  " not in spaced:
        return NormalizedText(spaced, text, (), (), (), ())
    return _fold_runs(spaced, text, _space_runs(spaced))


def _normalize_by_lower(text: str) -> NormalizedText:
    """The general rules with ``str.lower`` over the whole text (the reference the fast paths
    agree with; used for text where lower-casing depends on the context, capital sigma).

    The frequent one-to-one replacements come first (the replaced characters and their
    replacements agree on being case-ignorable, so the final-sigma rule of ``str.lower`` sees
    the same context); then every run of white space, every run of other non-ASCII characters
    and every single non-space white-space character is folded (``_SPECIAL``).
    """
    spaced = _replace_common_wide(text)
    if spaced.isascii():
        return _normalize_ascii(spaced, text)
    spaced = spaced.lower()
    if len(spaced) != len(text):  # e.g. "İ" lower-cases to two characters: exact slow path
        return _normalize_by_char(text)
    for old, new in _COMMON_ASCII:
        if old in spaced:
            spaced = spaced.replace(old, new)
    return _fold_runs(spaced, text, _SPECIAL.finditer(spaced))


def _fold_runs(spaced: str, text: str, runs, unlowered: bool = False) -> NormalizedText:
    """Replace each run (a match or a ``(start, end)`` span, in order) by its normalised form,
    recording the runs whose length changes.

    ``spaced`` holds ``text`` with every character outside the runs already normalised (same
    offsets). A run of spaces folds to one space; any other run is taken from ``spaced``, or,
    with ``unlowered``, from ``text`` and lower-cased (``spaced`` then holds placeholders there).
    """
    pieces: list[str] = []
    ns: list[int] = []
    ne: list[int] = []
    os_: list[int] = []
    oe: list[int] = []
    last = 0
    shift = 0  # normalised offset minus original offset so far
    for run in runs:
        start, end = run if type(run) is tuple else run.span()
        chunk = spaced[start:end]
        if chunk.isspace():
            folded = " "
        else:
            folded = _fold_run(text[start:end].lower() if unlowered else chunk)
        if folded == chunk:
            continue  # a run that normalises to itself ("█", "•") needs no piece
        pieces.append(spaced[last:start])
        pieces.append(folded)
        last = end
        if len(folded) != len(chunk):
            ns.append(start + shift)
            os_.append(start)
            shift += len(folded) - len(chunk)
            ne.append(end + shift)
            oe.append(end)
    if not pieces:
        return NormalizedText(spaced, text, (), (), (), ())
    pieces.append(spaced[last:])
    return NormalizedText("".join(pieces), text, tuple(ns), tuple(ne), tuple(os_), tuple(oe))


def _replace_common_wide(text: str) -> str:
    """``text`` with the frequent non-ASCII one-to-one replacements made (``_COMMON_WIDE``)."""
    for old, new in _COMMON_WIDE:
        if old in text:
            text = text.replace(old, new)
    return text


def _normalize_one_byte(replaced: str, text: str) -> NormalizedText:
    """:func:`normalize` of a non-ASCII text without ``str.lower`` over the whole text.

    One ``charmap`` encoding (C speed, one byte per character) writes ASCII as itself and the
    non-ASCII characters that always normalise to one ASCII character (``_ONE_BYTE_CHARS``: white
    space, curly quotes, dashes, accented Latin letters) as a byte of their own; one
    ``bytes.translate`` turns those bytes into their normalised ASCII (lower case, white space
    as a space). Every other character is reported by the encoder in runs (``?`` holds its
    place), and only those runs are lower-cased and folded, in Python (measured on AllSides
    copy: ``str.lower`` of a non-ASCII ``str`` ~7 ns a character, the encoding ~4).

    ``replaced`` is ``text`` after :func:`_replace_common_wide` (those characters end runs, so
    the runs are the same in both). The result equals the general rules' exactly, breakpoints
    included: a run is widened over the mapped letters next to it (``"é…"`` is one
    replacement, as ``_SPECIAL`` finds it), and a text where lower-casing changes a length
    ("İ") takes the character-by-character path.
    """
    runs = _RUNS.runs = []
    spaced_bytes = codecs.charmap_encode(replaced, _RUNS_HANDLER, _ONE_BYTE_MAP)[0].translate(
        _ONE_BYTE_FOLD)
    edits: list[tuple[int, int]] = []
    covered = 0  # runs end here at the earliest: the last widened run ended there
    n = len(text)
    for start, end in runs:
        if end <= covered:
            continue  # inside the previous widened run
        while start > covered and _in_run(text[start - 1]):
            start -= 1
        while end < n and _in_run(text[end]):
            end += 1
        if len(text[start:end].lower()) != end - start:
            return _normalize_by_char(text)
        edits.append((start, end))
        covered = end
    if b"  " in spaced_bytes:
        edits += _space_runs(spaced_bytes)
        edits.sort()
    return _fold_runs(spaced_bytes.decode("ascii"), text, edits, unlowered=True)


def _in_run(ch: str) -> bool:
    """Whether ``ch`` stands in a run of non-ASCII characters of ``_SPECIAL`` (found in the
    lower-cased text, after the frequent replacements)."""
    return not ch.isascii() and ch not in _RUN_BREAKS


def _one_byte_table() -> tuple[str, bytes, frozenset]:
    """The characters that get a byte of their own in :func:`_normalize_one_byte`.

    Returns the 256 characters in byte order (ASCII, then 128 non-ASCII characters: white
    space, the frequent replacements, the Kelvin sign, then Latin letters and punctuation that
    normalise to one ASCII character whatever their context, in a fixed order), the
    ``bytes.translate`` table from those bytes to normalised ASCII, and the non-ASCII
    characters that end a run of ``_SPECIAL``: white space, the frequent replacements, and the
    Kelvin sign (``str.lower`` makes it an ASCII "k"), all of them mapped.
    """
    chosen: dict[str, str] = {}
    for cp in range(0x80, 0x3001):  # every non-ASCII white-space character (all in the BMP)
        ch = chr(cp)
        if ch.isspace():
            chosen[ch] = " "
    for ch, new in _COMMON_WIDE:
        chosen[ch] = new
    # the only non-ASCII character whose lower case is ASCII (checked over all of Unicode)
    chosen["\u212a"] = "k"
    breaks = frozenset(chosen)
    candidates = itertools.chain(
        range(0xC0, 0x100), map(ord, _ONE_TO_ONE), range(0x100, 0x250))
    for cp in candidates:
        ch = chr(cp)
        if len(chosen) == 128:
            break
        if cp < 0x80 or ch in chosen or ch == "\u03a3" or len(ch.lower()) != 1:
            continue
        folded = _fold_run(ch.lower())
        if len(folded) == 1 and folded.isascii() and folded.isprintable() and not folded.isspace():
            chosen[ch] = folded
    chars = "".join(map(chr, range(128))) + "".join(chosen)
    fold = bytes(_ASCII_FOLD[:128]) + bytes(ord(chosen[ch]) for ch in chosen)
    return chars, fold, breaks


def _record_run(error: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler: note the run of characters without a byte, hold its place with
    one ``?`` per character (so offsets agree)."""
    _RUNS.runs.append((error.start, error.end))
    return "?" * (error.end - error.start), error.end


def _space_runs(text: str | bytes) -> list[tuple[int, int]]:
    """``(start, end)`` of every run of two or more spaces, in order (a literal search: memory
    speed, where a regex that opens with a repeat tests every position)."""
    runs = []
    pair = "  " if isinstance(text, str) else b"  "
    spaces = _SPACES if isinstance(text, str) else _SPACES_BYTES
    start = text.find(pair)
    while start != -1:
        end = spaces.match(text, start).end()
        runs.append((start, end))
        start = text.find(pair, end)
    return runs


_SPACES = re.compile(" +")
_SPACES_BYTES = re.compile(b" +")
# per thread: encoders in several threads (a Dask worker) must not share the list of runs
_RUNS = threading.local()
# named after this module instance: a second copy of the module (a reload) registers its own
_RUNS_HANDLER = f"framing.text.unmapped_runs.{id(_RUNS):x}"
codecs.register_error(_RUNS_HANDLER, _record_run)
# ASCII lower case with every white-space character (str.isspace) as a space, and ` as '
_ASCII_FOLD = bytes(
    ord(" ") if chr(b).isspace() else ord("'") if b == ord("`") else ord(chr(b).lower())
    for b in range(256)
)


# One-to-one replacements frequent in news copy. The general rules (``_normalize_by_lower``) do
# them with str.replace: non-ASCII ones on the original text, ASCII ones after lower-casing; a
# replaced character is no longer non-ASCII, so it ends a run of ``_SPECIAL``
_COMMON_WIDE = (
    ("\u00a0", " "), ("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'),
    ("\u2014", "-"), ("\u2013", "-"),
)
_COMMON_ASCII = (("\n", " "), ("\t", " "), ("\r", " "), ("`", "'"))
# runs of white space, runs of other non-ASCII characters, single white-space characters that are
# not a space
_SPECIAL = re.compile(r"\s{2,}|[^\x00-\x7f\s]+|[^\S ]")


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    """Normalised form of a run of (already lower-cased) non-ASCII characters."""
    out = []
    for ch in run:
        one = ch.translate(_TRANSLATE)
        if one != ch or not _MULTI.fullmatch(ch):
            out.append(one.lower())
        else:
            out.append(_fold(ch))
    return "".join(out)


_ONE_BYTE_CHARS, _ONE_BYTE_FOLD, _RUN_BREAKS = _one_byte_table()
_ONE_BYTE_MAP = codecs.charmap_build(_ONE_BYTE_CHARS)


def _normalize_by_char(text: str) -> NormalizedText:
    """Character-by-character fallback used when ``str.lower`` changes a length."""
    pieces: list[str] = []
    ns: list[int] = []
    ne: list[int] = []
    os_: list[int] = []
    oe: list[int] = []
    npos = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            out = " "
        else:
            j = i + 1
            out = _fold_run(ch)
        if len(out) != j - i:
            ns.append(npos)
            os_.append(i)
            ne.append(npos + len(out))
            oe.append(j)
        pieces.append(out)
        npos += len(out)
        i = j
    return NormalizedText("".join(pieces), text, tuple(ns), tuple(ne), tuple(os_), tuple(oe))


# --- sentences -------------------------------------------------------------------------------

# Abbreviations that end with a full stop but rarely end a sentence in news copy (lower case,
# without the final period, as Punkt expects).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt cpl adm gov sen rep rev st jr sr inc corp co ltd
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc approx dept est fig
    u.s u.k u.n e.u u.s.a d.c a.m p.m e.g i.e""".split()
)


_OPEN_CHARS = "\"'\u201c\u2018(\\["
_CLOSE_CHARS = "\"'\u201d\u2019)\\]"


def _abbreviation_guards() -> str:
    """Negative lookbehinds, placed just after a full stop: it does not follow a listed
    abbreviation or a single letter that starts after white space, an opening quote or
    bracket, or at the text's start."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(_ABBREVIATIONS):
        by_length.setdefault(len(word), []).append(re.escape(word))
    guards = [rf"(?<!(?<![^\s{_OPEN_CHARS}])[^\W\d_]\.)"]
    for _, words in sorted(by_length.items()):
        guards.append(rf"(?<!(?<![^\s{_OPEN_CHARS}])(?i:{'|'.join(words)})\.)")
    return "".join(guards)


# A sentence boundary, matched together with the white space after it (so ``m.end()`` is where
# the next sentence starts). Either
# * terminal punctuation (a maximal run of . ! ?, then closing quotes/brackets) that is not a
#   lone full stop after an abbreviation or initial, followed by white space holding at most one
#   line break and then a character that can open a sentence (not a lower-case letter, not more
#   punctuation); or
# * a paragraph break: a line break, blank space, another line break, and all white space after.
# One pattern per first character: a pattern that opens with a literal is searched at memory
# speed, one that opens with a character class is ~8x slower in ``re``. The kinds of boundary
# never overlap, so the merged, sorted ends are what one alternation would find. Possessive
# quantifiers and the "not after . ! ?" guards keep the scan linear on any input (a run of a
# million full stops is tried once, from its start).
_SPACE_THEN_OPENER = (
    rf"(?:[^\S\n]*+\n[^\S\n]*+|[^\S\n]++)(?=[{_OPEN_CHARS}]*+[^\s{_OPEN_CHARS}a-z,;:.!?])"
)
_BOUNDARIES = tuple(re.compile(p) for p in (
    rf"\.(?<![.!?]\.)(?:[.!?]++[{_CLOSE_CHARS}]*+|[{_CLOSE_CHARS}]++|{_abbreviation_guards()})"
    + _SPACE_THEN_OPENER,
    rf"!(?<![.!?]!)[.!?]*+[{_CLOSE_CHARS}]*+" + _SPACE_THEN_OPENER,
    rf"\?(?<![.!?]\?)[.!?]*+[{_CLOSE_CHARS}]*+" + _SPACE_THEN_OPENER,
    r"\n[^\S\n]*+\n\s*+",
))
_BOUNDARY_FIRST = (".", "!", "?", "\n")


def sentence_starts(text: str, until: int | None = None) -> list[int]:
    """Start offsets of the sentences of ``text`` (see :func:`sentence_spans`), in order.

    Parameters
    ----------
    text : str
    until : int, optional
        Only the sentences holding offsets up to ``until`` are needed: the scan stops after
        the first start past it (the list then ends there, a prefix of the full list).

    Returns
    -------
    list of int
        Character offsets; empty for a text of white space only. The cost is linear in
        ``len(text)`` whatever the input (no catastrophic backtracking).
    """
    return _scan("sentence_starts", _compiled_sentence_starts or _sentence_starts_py, text, until)


def _sentence_starts_py(text: str, until: int | None = None) -> list[int]:
    """:func:`sentence_starts` by the regular expressions ``_BOUNDARIES``: the rules' reference,
    which the compiled scanner (``framing/_sentencescan.pyx``) is tested against."""
    lead = len(text) - len(text.lstrip())
    if lead == len(text):
        return []
    found: list[int] = []
    for first, pattern in zip(_BOUNDARY_FIRST, _BOUNDARIES):
        if first in text:
            if until is None:
                found += [m.end() for m in pattern.finditer(text, lead)]
                continue
            for m in pattern.finditer(text, lead):  # each kind up to its first start past
                found.append(m.end())
                if m.end() > until:
                    break
    found.sort()
    found.insert(0, lead)
    if until is not None:
        del found[bisect.bisect_right(found, until) + 1:]
    if found[-1] == len(text):  # a paragraph break at the very end starts nothing
        found.pop()
    return found


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as ``(start, end)`` character offsets, in order.

    Rules (the punctuation rules of Punkt, Kiss & Strunk 2006, *Computational Linguistics*
    32(4), with a fixed abbreviation list instead of a trained model, written as one regular
    expression so a whole corpus splits at C speed):

    * Paragraphs (separated by a blank line) never share a sentence, so a headline without a
      full stop is its own sentence.
    * Inside a paragraph a sentence ends after ``.``, ``!`` or ``?`` (and any closing quotes or
      brackets) followed by white space and a character that is not a lower-case letter or
      punctuation.
    * A lone full stop after a listed abbreviation (``Mr.``, ``Gen.``, ``U.S.``, ``Jan.``) or
      after a single letter (an initial: ``J. Smith``) does not end a sentence, when that word
      starts after white space, an opening quote or bracket, or at the start of the text.

    Leading and trailing white space is excluded from each span. Time is linear in
    ``len(text)``.
    """
    starts = sentence_starts(text)
    ends = starts[1:] + [len(text)]
    return [(s, s + len(text[s:e].rstrip())) for s, e in zip(starts, ends)]


# --- quotations -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation in a text.

    Attributes
    ----------
    start, end : int
        Character span including the quotation marks.
    words : int
        Number of words inside the marks.
    """

    start: int
    end: int
    words: int


_OPENERS = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb", "\u201d": "\u201d"}
_CLOSERS = {'"', "\u201d", "\u00bb", "\u201c"}
# closing marks that close only: met with no quotation open, they end one that began earlier
_ORPHAN_CLOSERS = {"\u201d", "\u00bb"}
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def quote_spans(text: str) -> list[QuoteSpan]:
    """Find quoted passages: straight, curly (“ ” „) and angle (« ») double marks, and single
    quotes outside them.

    Rules (documented in DESIGN.md, *Voice*):

    * A quotation opens at an opening mark and closes at the next closing mark.
    * Straight quotes alternate open/close; a straight quote directly after a letter or digit
      and before white space closes, one after white space opens.
    * A paragraph that opens a quotation without closing it continues it into the next
      paragraph when that paragraph also starts with a quotation mark (the typographic
      convention for multi-paragraph quotes); otherwise the quotation ends with its paragraph.
    * ” and » only close (” opens only after a space or bracket, as in Swedish ”…”): met with
      no quotation open, they end one that began before their paragraph (a paragraph going on
      with a quotation without repeating its opening mark, or text cut before it), so the
      paragraph up to the mark is quoted and what follows is not.
    * Nested single-quoted passages inside a quotation are part of it.
    * Outside double quotes, single quotes (‘ ’ and ') delimit a quotation too — headlines
      use them (Putin approves 'special military operation'). An opening single quote follows
      a non-letter and precedes a letter; a closing one follows a non-space and precedes a
      non-letter; apostrophes inside words ("Russia's") are neither. Single-quoted passages
      stay within one paragraph and 300 characters.

    Time is linear in ``len(text)`` (each quotation mark is looked at once; a single quote
    looks at most 300 characters ahead).

    Returns
    -------
    list of QuoteSpan
        In text order, non-overlapping.
    """
    return [_span(text, start, end) for start, end in quote_bounds(text)]


def quote_bounds(text: str, until: int | None = None) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of :func:`quote_spans` without the word counts (cheaper).

    Parameters
    ----------
    text : str
    until : int, optional
        Only the quotations that start at or before ``until`` are needed: the scan stops
        once they are all known (later ones may be missing from the list).

    Returns
    -------
    list of (int, int)
        Character spans including the marks, in text order, non-overlapping.
    """
    return _scan("quote_bounds", _compiled_quote_bounds or _quote_bounds_py, text, until)


def _quote_bounds_py(text: str, until: int | None = None) -> list[tuple[int, int]]:
    """:func:`quote_bounds` in Python: the rules' reference, which the compiled scanner
    (``framing/_quotescan.pyx``) is tested against."""
    spans: list[tuple[int, int]] = []
    # offsets outside [-1, len(text)] give the spans of the nearest end (and Python's bisect
    # and re need them in range); the compiled scanner does the same
    limit = len(text) if until is None else max(-1, min(until, len(text)))
    breaks = _paragraph_breaks(text)
    if _has_double_quote(text):
        spans = _double_quote_bounds(text, breaks, limit)
    if "'" in text or "\u2018" in text or "\u2019" in text:
        singles = _single_quote_bounds(text, spans, breaks, limit)
        if singles:
            spans = sorted(spans + singles)
    return spans


def quote_words(text: str, start: int, end: int, at_most: int | None = None) -> int:
    """Number of words in ``text[start:end]`` (as :attr:`QuoteSpan.words` counts them).

    With ``at_most``, counting stops there (``min(count, at_most)``), so asking "is this
    quotation short?" costs O(at_most), not O(length of the quotation).
    """
    if at_most is None:
        return len(_WORD.findall(text, start, end))
    return sum(1 for _ in itertools.islice(_WORD.finditer(text, start, end), at_most))


def _has_double_quote(text: str) -> bool:
    return any(q in text for q in _DOUBLE_MARKS)


_DOUBLE_MARKS = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")


def _double_quote_bounds(text: str, breaks: list[int], limit: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    segment = 0  # where the current paragraph of an open quotation starts
    previous = 0  # the last quotation mark looked at: no paragraph break before it is pending
    last = len(text) - 1
    # a closing mark with nothing open quotes its paragraph back to its start, so the scan
    # goes on to the end of the paragraph holding ``limit``
    j = bisect.bisect_left(breaks, limit)
    stop = breaks[j] if j < len(breaks) else len(text)
    for pos, ch in _marks(text):
        if open_at is not None:
            # the first paragraph break since the quotation (or its last paragraph) opened, if
            # it comes before this mark: the quotation's paragraph ended there. Breaks before
            # the previous mark were handled there, so look only after it.
            brk = -1
            if breaks:
                j = bisect.bisect_left(breaks, max(segment, previous))
                if j < len(breaks) and breaks[j] <= pos - 2:
                    brk = breaks[j]
            previous = pos
            if brk != -1:
                # the open quotation reached a paragraph break: it goes on only when the new
                # paragraph starts with this quotation mark, otherwise it ended with its paragraph
                if not text[brk:pos].strip():
                    segment = pos + 1
                    continue
                spans.append((open_at, brk))
                open_at = None
            elif ch in _CLOSERS and (  # a straight quote closes unless a letter or digit follows
                    ch != '"' or pos == last or not text[pos + 1].isalnum()):
                spans.append((open_at, pos + 1))
                open_at = None
                continue
            else:
                continue
        if pos > stop:
            break  # no quotation is open: every one starting up to ``limit`` is known
        previous = pos
        if ch in _OPENERS and _can_open(text, pos, ch):
            open_at = segment = pos
        elif ch in _ORPHAN_CLOSERS:
            # a closing mark with no quotation open: the quotation began before this paragraph
            # (a paragraph going on with a quotation without repeating the opening mark, or
            # text cut before it), so the paragraph up to the mark is quoted, not what follows
            j = bisect.bisect_right(breaks, pos - 2)
            start = breaks[j - 1] + 2 if j else 0
            if spans and spans[-1][1] > start:
                start = spans[-1][1]
            if text[start:pos].strip():
                spans.append((start, pos + 1))
    if open_at is not None:
        brk = text.find("\n\n", segment)
        spans.append((open_at, len(text) if brk == -1 else brk))
    return spans


def _marks(text: str) -> list[tuple[int, str]]:
    """Every double quotation mark of ``text`` with its offset, in text order.

    One ``str.find`` loop per mark kind: it skips to the next mark at memory speed (``memchr``),
    where ``re`` tests every character and builds a match object per mark (1.5x slower on
    AllSides copy, whose curly quotes make a two-byte ``str``).
    """
    marks: list[tuple[int, str]] = []
    append = marks.append
    find = text.find
    kinds = 0
    for ch in _DOUBLE_MARKS:
        pos = find(ch)
        if pos != -1:
            kinds += 1
            while pos != -1:
                append((pos, ch))
                pos = find(ch, pos + 1)
    if kinds > 1:
        marks.sort()
    return marks
# an opening single quote follows a non-letter and precedes a letter; the mark comes first in
# each pattern so the engine searches for a literal (memory speed), the lookbehind then looks
# at the character before it
_SINGLE_OPENS = (re.compile(r"'(?<!\w')(?=\w)"), re.compile("\u2018(?<!\\w\u2018)(?=\\w)"))
_SINGLE_CLOSE = re.compile(r"['\u2019](?<=[^\s'\u2018]['\u2019])(?!\w)")
# the same, one literal-led pattern per mark (memory-speed search over a whole text)
_SINGLE_CLOSES = (re.compile(r"'(?<=[^\s'\u2018]')(?!\w)"),
                  re.compile("\u2019(?<=[^\\s'\u2018]\u2019)(?!\\w)"))
_SINGLE_MAX = 300


def _single_quote_bounds(text: str, doubles: list[tuple[int, int]], breaks: list[int],
                         limit: int) -> list[tuple[int, int]]:
    """Single-quoted passages that lie outside every double-quoted one (``breaks``: the
    offsets of :func:`_paragraph_breaks`)."""
    opens: list[int] = []
    for ch, pattern in zip("'\u2018", _SINGLE_OPENS):
        if ch in text:
            opens += [m.start() for m in pattern.finditer(text, 0, limit + 2)]
    if not opens:
        return []
    opens.sort()
    # every closing mark that can close a passage, found once: the search from each opening mark
    # (most open nothing: "Trump 's" in tokenised copy) is then a bisection, not a scan of 300
    # characters. A passage opening by ``limit`` closes before ``limit + _SINGLE_MAX``, so the
    # search stops there; two characters later, so the ``(?!\w)`` of every mark it can use sees
    # the real next character, not the end of the search.
    n = len(text)
    close_end = min(n, limit + _SINGLE_MAX + 2)
    closes: list[int] = []
    for ch, pattern in zip("'\u2019", _SINGLE_CLOSES):
        if ch in text:
            closes += [m.start() for m in pattern.finditer(text, 0, close_end)]
    closes.sort()
    out: list[tuple[int, int]] = []
    nd, nb, nc = len(doubles), len(breaks), len(closes)
    di = bi = ci = 0  # pointers into doubles, breaks and closes; they only move forward
    pos = 0
    for start in opens:
        if start < pos:
            continue
        if start > limit:
            break
        while di < nd and doubles[di][0] <= start:
            di += 1
        if di and doubles[di - 1][1] > start:  # nested inside a double quotation
            pos = doubles[di - 1][1]
            continue
        # the passage ends at the first paragraph break (wholly) within 300 characters
        stop = min(n, start + _SINGLE_MAX)
        while bi < nb and breaks[bi] < start:
            bi += 1
        if bi < nb and breaks[bi] + 2 <= stop:
            stop = breaks[bi]
        # the first closing mark after the opening one, as if the text ended at ``stop`` (a
        # mark just before ``stop`` then closes whatever follows it)
        while ci < nc and closes[ci] <= start:
            ci += 1
        if ci < nc and closes[ci] < stop - 1:
            close = closes[ci]
        elif stop - 1 > start and text[stop - 1] in "'\u2019" and _SINGLE_CLOSE.match(
                text, stop - 1, stop):
            close = stop - 1
        else:
            continue
        out.append((start, close + 1))
        pos = close + 1
    return out


def _paragraph_breaks(text: str) -> list[int]:
    """Every offset where ``"\\n\\n"`` starts (overlapping occurrences too), in order."""
    return [m.start() for m in _BREAK.finditer(text)] if "\n" in text else []


_BREAK = re.compile("\n(?=\n)")


def _can_open(text: str, pos: int, ch: str) -> bool:
    if ch == "\u201d":
        # ” opens only where an opening mark stands (Swedish and Finnish ”…” quotes): at the
        # start or after a space or bracket; after a word or punctuation it closes
        return pos == 0 or text[pos - 1].isspace() or text[pos - 1] in "(["
    if ch != '"':
        return ch in _OPENERS
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in ".,;:!?")


def _span(text: str, start: int, end: int) -> QuoteSpan:
    return QuoteSpan(start, end, len(_WORD.findall(text, start, end)))


def _scan(function: str, scanner, text, until):
    """``scanner(text, until)`` (the compiled scanner or the Python reference) after both
    arguments are checked, with messages naming ``function``."""
    _check_text(text, function)
    return scanner(text, None if until is None else _offset(until))


def _check_text(text, function: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"{function} needs a str, got {type(text).__name__}"
                        + (" (decode the bytes first)" if isinstance(text, bytes) else ""))


def _offset(until) -> int:
    """``until`` as an int (what both the compiled and the Python scanners take)."""
    try:
        return operator.index(until)
    except TypeError:
        raise TypeError(f"until must be a whole character offset (an int), got "
                        f"{type(until).__name__} {until!r}") from None


# The compiled scanners (Cython, built by ``pip install -e .`` or ``python setup.py build_ext
# --inplace``) give exactly the results of the Python references above, several times faster;
# without a C compiler the references run. FRAMING_PURE_PYTHON=1 forces the references.
def _compiled(module: str, name: str):
    """``framing.<module>.<name>``, or None: not built, switched off, or older than its source
    (an edited ``.pyx`` that was not rebuilt would otherwise run its old code unnoticed; the
    Python reference runs instead, with a warning saying how to rebuild)."""
    # read once, when framing.text is imported
    if os.environ.get("FRAMING_PURE_PYTHON", "").strip().lower() not in ("", "0", "false", "no",
                                                                        "off"):
        return None
    try:
        compiled = importlib.import_module(f"framing.{module}")
    except ImportError:
        return None
    # its .pyx and the declarations every scanner shares (_textview.pxd)
    here = os.path.dirname(__file__)
    built = os.path.getmtime(compiled.__file__)
    for source in (os.path.join(here, f"{module}.pyx"), os.path.join(here, "_textview.pxd")):
        if os.path.exists(source) and os.path.getmtime(source) > built:
            warnings.warn(f"{source} changed after {module} was compiled; running the Python "
                          "version instead. Rebuild with: python setup.py build_ext --inplace",
                          stacklevel=2)
            return None
    return getattr(compiled, name)


_compiled_sentence_starts = _compiled("_sentencescan", "sentence_starts")
_compiled_quote_bounds = _compiled("_quotescan", "quote_bounds")
_compiled_fold = _compiled("_foldscan", "fold")


@contextlib.contextmanager
def python_references():
    """Within the block, :func:`normalize`, :func:`sentence_starts` and :func:`quote_bounds`
    run their Python references instead of the compiled scanners (benchmarks and tests compare
    the two; this process only, not thread-safe)."""
    global _compiled_sentence_starts, _compiled_quote_bounds, _compiled_fold
    saved = _compiled_sentence_starts, _compiled_quote_bounds, _compiled_fold
    _compiled_sentence_starts = _compiled_quote_bounds = _compiled_fold = None
    try:
        yield
    finally:
        _compiled_sentence_starts, _compiled_quote_bounds, _compiled_fold = saved
