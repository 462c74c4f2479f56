"""Find lexicon hits in articles, fast, with spans, sentences and voice.

How a term matches (the rules, in order):

1. **Normalisation** (:func:`framing.text.normalize`): case, accents ("é" = "e"), curly and
   straight quotes and apostrophes, dashes, ligatures, soft hyphens, and white-space runs
   (so a term broken across a line matches) are folded on both the term and the text.
2. **Forms of a term**: every hyphen in a term also matches a space or nothing ("pro-Russia",
   "pro Russia", "proRussia"); when the variant inflects (default: the term's head word is
   written in lower case), regular English inflections of the **head word** match too
   ("annex" -> "annexes", "annexed", "annexing"; "separatist" -> "separatists"; "war" ->
   "warring"). The head is the word before the first preposition ("reunite with Russia" ->
   "reunited with Russia"; "annexation of Crimea" -> "annexations of Crimea"), otherwise the
   last word ("illegal alien" -> "illegal aliens"). An abbreviation written with periods
   ("U.S.") also matches without its final period and with spaces ("U. S."), never without
   periods ("US" would be the pronoun "us" once case is ignored).
3. **Whole words**: the characters just before and after a match must not be letters or digits,
   so "Kievan" does not match "Kiev" while "Kiev's" does (possessives match).
4. **Overlaps**: leftmost-longest — scanning from the left, the longest match starting at a
   position wins and matches that overlap it are dropped ("Kiev regime" beats "Kiev").
5. **Exclusions**: a concept's ``exclude`` phrases are matched like terms; a term overlapped by
   an exclusion is not a hit ("Chicken Kiev").
6. **Date rules**: a hit of a variant with ``since``/``until`` outside the article's date is kept
   with ``loaded=False`` (shown, never scored). In an **undated** article, no hit of a concept
   that has any dated variant is scored: every hit of it (the undated counterparts such as
   "Kyiv" included) gets ``loaded=False`` and the note ``undated article: concept '<id>'
   depends on the date``. Scoring "Kyiv" while "Kiev" cannot be scored would push undated
   corpora toward one pole.

**Negation**: ``negated`` is True when a negator ("not", "no", "never", "n't", "neither",
"nor", "without", "none", "deny", "reject", …) stands within five tokens before the hit in the
same sentence and clause (NegEx, Chapman et al. 2001); the hit is kept and scored as usual,
the flag lets a reader or a filter treat "not an annexation" differently.

**Voice** of a hit: ``quoted`` when it lies inside a quotation (:func:`framing.text.quote_spans`)
of more than four words, or of any length introduced by an attribution verb in the same
sentence or followed by one when it ends like quoted speech (``"…," Lavrov said``: a comma,
"!" or "?" before the closing mark); ``distanced`` inside a short quotation without attribution (scare quotes), right after
a distancing marker ("so-called", "alleged", "self-proclaimed", "what X calls"), or right after
reported naming without quotation marks ("described (the operation) as", "calls it",
"called it", "referred to (it) as", "dubbed", "branded (it) as", "labelled/labeled (it) as":
the construction itself says the name is someone else's; up to three words may stand between
the verb and "as"); otherwise ``authorial``. Quotation marks are looked for only in documents
that hold any double or single quotation mark (single quotes delimit headline quotations).

**Sentences** (:func:`framing.text.sentence_starts`): ``sentence`` is the 0-based index of the
sentence in :attr:`Article.document`; boundaries are found with literal-led regular
expressions, only for documents with a hit.

Aho–Corasick multi-pattern search (Aho & Corasick 1975, *CACM* 18(6)) makes the scan one pass
over the text whatever the number of terms: ``ahocorasick_rs`` (the Rust ``aho-corasick`` crate)
compiled to a DFA, reporting every overlapping occurrence as ``pyahocorasick`` does (rules 3–5
are applied to them afterwards, so a faster scanner changes no hit).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

import ahocorasick
import ahocorasick_rs

from .lexicon import Lexicon, Variant
from .models import Article, Hit, without_surrogates
from .text import normalize, quote_bounds, quote_words, sentence_starts

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Matcher", "compile_lexicon", "find_hits", "find_hits_many", "hit_rows_many", "hits_table",
           "term_forms", "HIT_COLUMNS"]

#: Columns of :func:`hits_table`, in order.
HIT_COLUMNS = (
    "article_id", "concept", "variant", "frame", "term", "start", "end", "text", "sentence",
    "sentence_text", "voice", "loaded", "weight", "note", "negated",
)

_VOWELS = set("aeiou")
_DISTANCING = re.compile(
    r"(?:so-? ?called|alleged|allegedly|self-? ?proclaimed|self-? ?styled|purported|supposed"
    r"|quote-? ?unquote|what (?:\w+ ){1,3}(?:calls?|called|terms?|termed|describes? as|described as|dubs?|dubbed)"
    # reported naming without quotation marks: the construction marks someone else's words
    r"|(?:describ(?:es|ed|ing)|referr(?:ed|ing) to|refers to|brand(?:s|ed|ing)"
    r"|label(?:s|led|ed|ling|ing)) (?:[\w'-]+ ){0,3}as|(?:calls|called|calling) (?:it|them)"
    r"|dub(?:s|bed|bing))"
    r"(?: the| a| an| its| their)?[ \"']*$"
)
# How a match of ``_DISTANCING`` can end, before the optional article and quotation marks: the
# last word of each alternative (with the space before it where the pattern requires one).
_DISTANCING_ENDS = (
    "called", "alleged", "allegedly", "proclaimed", "styled", "purported", "supposed", "unquote",
    " call", " calls", " term", " terms", " termed", " as", "dub", "dubs", "dubbed", "dubbing",
    " it", " them",
)
_ARTICLES = (" the", " a", " an", " its", " their")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|stated|states|added|adds|declared|declares"
    r"|announced|announces|according to|wrote|writes|claimed|claims|insisted|insists|warned"
    r"|warns|asked|asks|urged|urges|replied|replies|tweeted|posted|noted|notes|argued|argues)\b"
)
_ATTRIBUTION_ANY_CASE = re.compile(_ATTRIBUTION.pattern, re.IGNORECASE)
_SHORT_QUOTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class _Payload:
    concept: int  # index into Lexicon.concepts
    variant: int  # index into Concept.variants; -1 for an exclusion phrase
    term: str
    length: int  # length of the normalised pattern
    # what every hit of this form shares, computed once when the lexicon is compiled
    concept_id: str = ""
    variant_id: str = ""
    frame: str = ""
    weight: float = 0.0
    #: ``(loaded, note)`` of a hit in an undated article when the concept has a dated variant
    undated: tuple | None = None
    #: ``(loaded, note)`` whatever the date (neutral or undated variant); None: ask the variant
    static: tuple | None = None
    variant_obj: Variant | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Matcher:
    """A lexicon compiled for matching (build it with :func:`compile_lexicon`).

    Attributes
    ----------
    lexicon : Lexicon
        The lexicon it was built from.
    patterns : int
        Number of normalised surface forms in the automaton.
    """

    lexicon: Lexicon
    automaton: ahocorasick.Automaton = field(repr=False)
    patterns: int = 0
    #: ``(form, payload)`` of every surface form, for building combined automata.
    forms: tuple = field(default=(), repr=False)
    #: Indices of the concepts that have a variant with ``since``/``until`` (date rule).
    dated_concepts: frozenset = field(default=frozenset(), repr=False)


def term_forms(term: str, *, inflect: bool | None = None) -> list[str]:
    """All normalised surface forms a lexicon term matches (rule 2 of the module docstring).

    Parameters
    ----------
    term : str
        As written in the lexicon.
    inflect : bool or None
        Whether to add inflections of the head word (rule 2 of the module docstring); ``None``:
        when the term's last word is written in lower case.

    Returns
    -------
    list of str
        Distinct forms, the term's own normalised form first.
    """
    words = term.split()
    head_i = _head_index(words)
    if inflect is None:
        inflect = bool(words) and words[head_i] == words[head_i].lower()
    base = normalize(" ".join(words)).text.strip()
    nwords = base.split(" ")
    heads = [base]
    if inflect and len(nwords) == len(words):
        for form in _inflections(nwords[head_i]):
            heads.append(" ".join(nwords[:head_i] + [form] + nwords[head_i + 1:]))
    forms: list[str] = []
    for h in heads:
        for f in _hyphen_variants(h):
            for g in _abbreviation_variants(f):
                if g not in forms:
                    forms.append(g)
    return forms


_PREPOSITIONS = frozenset("of to with in on for from by against at into over under".split())
_ABBREV = re.compile(r"^(?:[a-z]\.){2,}$")


def _head_index(words: list[str]) -> int:
    """Index of the head word: the word before the first preposition, else the last word."""
    for i, w in enumerate(words[1:], 1):
        if w.lower() in _PREPOSITIONS:
            return i - 1
    return len(words) - 1


def _abbreviation_variants(form: str) -> list[str]:
    """An abbreviation with periods ("u.s.") also matches without its final period and with a
    space after each period ("u.s", "u. s."). The period-free form ("us") is never generated:
    matching ignores case, so it would be the pronoun "us"."""
    out = [form]
    words = form.split(" ")
    if not any(_ABBREV.match(w) for w in words):
        return out
    spaced = " ".join(w.replace(".", ". ").strip() if _ABBREV.match(w) else w for w in words)
    for f in (spaced,):
        if f not in out:
            out.append(f)
    if form.endswith(".") and _ABBREV.match(words[-1]):
        out += [f[:-1] for f in list(out) if f.endswith(".")]
    return out


def _hyphen_variants(text: str) -> list[str]:
    parts = text.split("-")
    if len(parts) == 1 or len(parts) > 4:
        return [text]
    out = [parts[0]]
    for part in parts[1:]:
        out = [o + sep + part for o in out for sep in ("-", " ", "")]
    return out


def _inflections(word: str) -> list[str]:
    """Regular English inflections of ``word`` (plural/3rd person, past, gerund).

    A word written as a plural also matches its singular (separatists -> separatist,
    militias -> militia, bosses -> boss); words that end in -s without being plurals (news,
    politics, crisis, status, press) get no generated forms but their -ss verbs (press ->
    presses, pressed, pressing).
    """
    if len(word) < 3 or not word.isalpha():
        return []
    if word.endswith(("is", "us", "news", "ics")):
        return []  # not a regular plural: "fake news" must not match "fake new"
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y"]  # a plural term also matches its singular
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return [word[:-2]]  # bosses -> boss, churches -> church
    if word.endswith("s") and not word.endswith("ss"):
        return [word[:-1]]
    forms: list[str] = []
    if word.endswith("y") and word[-2] not in _VOWELS:
        forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith("e"):
        forms += [word + "s", word + "d", word[:-1] + "ing"]
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms += [word + "es", word + "ed", word + "ing"]
    else:
        forms += [word + "s", word + "ed", word + "ing"]
        # consonant-vowel-consonant ending doubles its consonant (war -> warring, rebel -> rebelled)
        if (word[-1] not in _VOWELS | {"w", "x", "y"} and word[-2] in _VOWELS
                and word[-3] not in _VOWELS):
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]
    return forms


def compile_lexicon(lexicon: Lexicon) -> Matcher:
    """Build the Aho–Corasick automaton of every term form and exclusion phrase.

    When two terms produce the same surface form, a form written in the lexicon wins over a
    generated inflection, and otherwise the first concept wins (the validator already rejects a
    term listed twice).
    """
    table: dict[str, tuple[int, _Payload]] = {}  # form -> (priority, payload); 0 = exact
    dated = frozenset(ci for ci, concept in enumerate(lexicon.concepts)
                      if any(v.since is not None or v.until is not None for v in concept.variants))
    for ci, concept in enumerate(lexicon.concepts):
        undated = ((False, f"undated article: concept '{concept.id}' depends on the date")
                   if ci in dated else None)
        for vi, variant in enumerate(concept.variants):
            if variant.frame == "neutral":
                static = (False, "neutral variant: shown, never scored")
            elif variant.since is None and variant.until is None:
                static = variant.loaded_on(None)  # (True, ""): loaded whatever the date
            else:
                static = None
            for term in variant.terms:
                for k, form in enumerate(term_forms(term, inflect=variant.inflect)):
                    priority = 0 if k == 0 else 1
                    _put(table, form, priority, _Payload(
                        ci, vi, term, len(form), concept.id, variant.id, variant.frame,
                        variant.weight, undated, static, variant))
        for phrase in concept.exclude:
            for form in term_forms(phrase, inflect=False):
                _put(table, form, -1, _Payload(ci, -1, phrase, len(form)))
    automaton = ahocorasick.Automaton()
    for form, (_, payload) in table.items():
        automaton.add_word(form, payload)
    automaton.make_automaton()
    return Matcher(lexicon=lexicon, automaton=automaton, patterns=len(table),
                   forms=tuple((form, payload) for form, (_, payload) in table.items()),
                   dated_concepts=dated)


def _put(table: dict, form: str, priority: int, payload: _Payload) -> None:
    if not form:
        return
    old = table.get(form)
    if old is None or priority < old[0]:
        table[form] = (priority, payload)


def _combined_automaton(matchers: tuple[Matcher, ...]) -> tuple[tuple, tuple]:
    """One automaton over the forms of several matchers (cached on the matchers' identity).

    Returns the automaton for ``str`` and the same one for ASCII ``bytes`` (same pattern
    indexes) and, per pattern index, ``((matcher_index, payload), ...)``: a form
    listed by several lexicons reports one payload per lexicon, so overlaps are still resolved
    per lexicon.

    The scanner is ``ahocorasick_rs`` (Rust ``aho-corasick``) as a DFA with standard
    overlapping semantics: it reports exactly the matches ``pyahocorasick``'s ``iter`` reports
    (every occurrence of every form), measured 3x faster on AllSides. Leftmost-longest scanning
    is not used: it can hide a whole-word match behind a longer one that fails the boundary
    check ("kiev regime" in "kiev regimes" would hide "kiev"), so overlaps are resolved after
    the boundary check, by :func:`_leftmost_longest`.
    """
    global _LAST_COMBINED
    last = _LAST_COMBINED
    if last is not None and last[0] is matchers:
        return last[1]  # the same tuple as the last call (a loop over articles): no key to build
    key = tuple(id(m) for m in matchers)
    cached = _COMBINED.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], matchers)):
        _LAST_COMBINED = (matchers, cached[1])
        return cached[1]
    entries: dict[str, list[tuple[int, _Payload]]] = {}
    for mi, matcher in enumerate(matchers):
        for form, payload in matcher.forms:
            entries.setdefault(form, []).append((mi, payload))
    forms = list(entries)
    # the DFA needs more memory than an NFA (a few MiB for the ~2,400 shipped forms) and scans
    # each byte with one table look-up
    automaton = ahocorasick_rs.AhoCorasick(
        forms, matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA) if forms else None
    # the same forms as bytes, for normalised text that is ASCII (three quarters of AllSides
    # copy): its byte offsets are its character offsets, so the scanner skips converting them
    # (the scan costs a quarter less; benchmarks/matching.py)
    ascii_automaton = ahocorasick_rs.BytesAhoCorasick(
        [form.encode("utf-8") for form in forms], matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=ahocorasick_rs.Implementation.DFA) if forms else None
    built = ((automaton, ascii_automaton), tuple(tuple(entries[form]) for form in forms))
    if len(_COMBINED) >= 16:
        _COMBINED.pop(next(iter(_COMBINED)))
    _COMBINED[key] = (matchers, built)
    _LAST_COMBINED = (matchers, built)
    return built


# cache of combined automata, keyed by the ids of the matchers (the matchers are kept in the
# value so an id reused after garbage collection is never mistaken for the old matcher)
_COMBINED: dict[tuple[int, ...], tuple[tuple[Matcher, ...], tuple]] = {}
# the tuple of matchers of the last call and its automaton, replaced as one object (thread-safe
# to read); holding the tuple keeps its id from being reused
_LAST_COMBINED: tuple[tuple[Matcher, ...], tuple] | None = None


def find_hits(article: Article, matcher: Matcher) -> list[Hit]:
    """Every hit of ``matcher``'s lexicon in ``article.document``, in text order.

    Parameters
    ----------
    article : Article
    matcher : Matcher

    Returns
    -------
    list of Hit
        Spans are character offsets into :attr:`Article.document`.
    """
    return _hits(hit_rows_many(article, (matcher,))[0])


def find_hits_many(article: Article, matchers: Iterable[Matcher]) -> list[list[Hit]]:
    """:func:`find_hits` for several matchers (e.g. every shipped lexicon) over one article.

    The document is normalised and scanned once, with one Aho–Corasick automaton holding the
    forms of every matcher; sentences and quotations are found once, and only when a matcher
    has a hit.

    Returns
    -------
    list of list of Hit
        One list per matcher, in the order given.
    """
    return [_hits(rows) for rows in hit_rows_many(article, tuple(matchers))]


def _hits(rows: list[tuple]) -> list[Hit]:
    """``[Hit(*row) for row in rows]``, 40% faster: a frozen dataclass's ``__init__`` goes
    through ``object.__setattr__`` once per field; the slots are filled directly here (the
    result compares equal; the generated ``__init__`` does nothing else, checked at import)."""
    if _HIT_SLOTS is None:
        return [Hit(*row) for row in rows]
    new = object.__new__
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14 = _HIT_SLOTS
    out = []
    for r in rows:
        h = new(Hit)
        s0(h, r[0]); s1(h, r[1]); s2(h, r[2]); s3(h, r[3]); s4(h, r[4])  # noqa: E702
        s5(h, r[5]); s6(h, r[6]); s7(h, r[7]); s8(h, r[8]); s9(h, r[9])  # noqa: E702
        s10(h, r[10]); s11(h, r[11]); s12(h, r[12]); s13(h, r[13]); s14(h, r[14])  # noqa: E702
        out.append(h)
    return out


def _hit_slots() -> tuple | None:
    """The slot setters of :class:`Hit` in :data:`HIT_COLUMNS` order, or None when Hit is not
    a plain slotted dataclass of exactly those fields (then :func:`_hits` calls ``Hit``)."""
    import dataclasses  # noqa: PLC0415

    names = tuple(f.name for f in dataclasses.fields(Hit))
    if (names != HIT_COLUMNS or hasattr(Hit, "__post_init__")
            or getattr(Hit, "__slots__", None) is None):
        return None
    return tuple(Hit.__dict__[name].__set__ for name in names)


def hit_rows_many(article: Article, matchers: tuple[Matcher, ...]) -> list[list[tuple]]:
    """The hits of :func:`find_hits_many` as plain tuples (the fields of :class:`Hit` in
    order, which are also :data:`HIT_COLUMNS`): the fast path for tables.

    Work per document: one normalisation (C-level string methods), one Aho–Corasick scan
    (Rust, ``ahocorasick_rs``), and a Python loop over the candidate matches only. Sentence boundaries and quotation
    spans are computed only when there is a hit, each with linear-time scans, so a very long
    line or thousands of quotation marks cost time proportional to their length.

    Parameters
    ----------
    article : Article
    matchers : tuple of Matcher

    Returns
    -------
    list of list of tuple
        One list per matcher, each in text order.
    """
    document = article.document
    norm = normalize(document)
    text = norm.text
    n = len(text)
    per: list[list[tuple[int, int, _Payload]]] = [[] for _ in matchers]
    (automaton, ascii_automaton), payloads = _combined_automaton(matchers)
    if automaton is None:
        return [[] for _ in matchers]
    # every occurrence of every form (character offsets), then rule 3: whole words only
    if text.isascii():  # a flag of the string: no scan
        found = ascii_automaton.find_matches_as_indexes(text.encode("ascii"), overlapping=True)
    else:
        try:
            found = automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            # a lone surrogate (JSON's "\ud800" escape decodes to one) is not UTF-8, which the
            # Rust scanner needs; U+FFFD in its place keeps every offset and matches no term
            found = automaton.find_matches_as_indexes(without_surrogates(text), overlapping=True)
    for pattern, start, end in found:
        if start > 0:
            ch = text[start - 1]
            if ch.isalnum() or ch == "_":
                continue
        if end < n:
            ch = text[end]
            if ch.isalnum() or ch == "_":
                continue
        for mi, payload in payloads[pattern]:
            per[mi].append((start, end, payload))
    chosen = [_leftmost_longest(candidates) if candidates else candidates for candidates in per]
    last = max((c[-1][0] for c in chosen if c), default=-1)  # where the last hit starts
    if last < 0:
        return [[] for _ in matchers]
    # sentences and quotations are needed only up to the last hit
    until = norm.to_original(last, last)[0] if norm.norm_starts else last
    context = _Context(document, norm, until)
    return [_rows(article, c, context) if c else [] for c in chosen]


def _leftmost_longest(candidates: list[tuple[int, int, _Payload]]) -> list[tuple[int, int, _Payload]]:
    """Rule 4 and 5 of the module docstring: leftmost-longest, then drop exclusions."""
    candidates.sort(key=_candidate_order)
    chosen: list[tuple[int, int, _Payload]] = []
    last_end = -1
    for cand in candidates:
        if cand[0] >= last_end:
            last_end = cand[1]
            if cand[2].variant >= 0:
                chosen.append(cand)
    return chosen


def _candidate_order(c: tuple[int, int, _Payload]) -> tuple[int, int]:
    return c[0], c[0] - c[1]


class _Context:
    """One document's sentences and quotations, each computed once and only when first needed
    (shared by the matchers of :func:`hit_rows_many`)."""

    __slots__ = ("document", "norm", "until", "has_quote_mark", "_starts", "_quotes",
                 "sentences", "_attribution")

    def __init__(self, document: str, norm, until: int) -> None:
        self.document = document
        self.norm = norm
        self.until = until  # no hit starts after this offset of the document
        self.has_quote_mark = _has_quote_mark(document)
        self._starts: list[int] | None = None
        self._quotes: tuple[list[tuple[int, int]], list[int]] | None = None
        self.sentences: dict[int, tuple[int, int, str]] = {}
        self._attribution: dict[int, list[int]] = {}

    def starts(self) -> list[int]:
        """Sentence start offsets, up to the first past :attr:`until`."""
        if self._starts is None:
            self._starts = sentence_starts(self.document, self.until)
        return self._starts

    def sentence_at(self, si: int) -> tuple[int, int, str]:
        """``(index, start, text)`` of sentence ``si`` (cached in :attr:`sentences`)."""
        starts = self.starts()
        if not starts:
            found = (0, 0, self.document)
        else:
            s_start = starts[si]
            s_stop = starts[si + 1] if si + 1 < len(starts) else len(self.document)
            found = (si, s_start, self.document[s_start:s_stop].rstrip())
        self.sentences[si] = found
        return found

    def quotes(self) -> tuple[list[tuple[int, int]], list[int]]:
        if self._quotes is None:
            bounds = quote_bounds(self.document, self.until)
            self._quotes = (bounds, [q[0] for q in bounds])
        return self._quotes

    def attributed(self, si: int, s_start: int, sentence: str, q_start: int, q_end: int) -> bool:
        """Whether an attribution verb in sentence ``si`` attributes the quotation
        ``[q_start, q_end)``: a verb before it (``Lavrov said: "…"``), or a verb after it when
        the quotation ends as quoted speech does, with a comma, "!" or "?" before its closing
        mark (``"…," Lavrov said``; AP Stylebook, *quotations in the news*).

        The verbs of the sentence are found once (so many short quotations in one very long
        sentence cost linear time).
        """
        ends = self._attribution.get(si)
        if ends is None:
            lowered = sentence.lower()
            if len(lowered) == len(sentence):
                ends = [s_start + m.end() for m in _ATTRIBUTION.finditer(lowered)]
            else:  # lower-casing changed a length ("İ"): match case-insensitively in place
                ends = [m.end() for m in _ATTRIBUTION_ANY_CASE.finditer(
                    self.document, s_start, s_start + len(sentence))]
            self._attribution[si] = ends
        if not ends:
            return False
        if ends[0] <= q_start:
            return True
        return ends[-1] > q_end and q_end >= 2 and self.document[q_end - 2] in ",!?"


def _rows(article: Article, chosen, context: _Context) -> list[tuple]:
    """The rows of the chosen matches of one matcher (the loop runs once per hit: the common
    cases of sentence lookup, voice and negation are written out here, the rare ones call
    :func:`_voice` and :func:`_negated`)."""
    document = context.document
    norm = context.norm
    text = norm.text
    shifted = bool(norm.norm_starts)  # else offsets in the normalised text are the original's
    date = article.date
    undated = date is None
    article_id = article.id
    starts = context.starts()
    sentences = context.sentences
    has_quote_mark = context.has_quote_mark
    if has_quote_mark:
        quotes, quote_starts = context.quotes()
    bisect_right = bisect.bisect_right
    rows: list[tuple] = []
    append = rows.append
    for nstart, nend, p in chosen:
        if shifted:
            start, end = norm.to_original(nstart, nend)
        else:
            start = nstart
            end = nend
        # the sentence holding the hit (computed once per sentence)
        si = bisect_right(starts, start) - 1 if starts else 0
        if si < 0:
            si = 0
        found = sentences.get(si)
        if found is None:
            found = context.sentence_at(si)
        s_start = found[1]
        sentence = found[2]
        # voice: inside a quotation (rare), else distanced only after a distancing marker
        if has_quote_mark and (qi := bisect_right(quote_starts, start) - 1) >= 0 \
                and quotes[qi][1] >= end:
            voice = _voice(document, text, nstart, start, end, context, si, s_start, sentence)
        else:
            window = text[nstart - 48 if nstart > 48 else 0:nstart]
            voice = ("distanced" if _may_be_distanced(window) and _DISTANCING.search(window)
                     else "authorial")
        if undated and p.undated is not None:
            loaded, note = p.undated
        elif p.static is not None:
            loaded, note = p.static
        else:
            loaded, note = p.variant_obj.loaded_on(date)
        # negation: the token scan runs only when a negator can be in the window
        s_nstart = nstart - (start - s_start)
        if s_nstart < 0:
            s_nstart = 0
        window = text[s_nstart if s_nstart > nstart - 80 else nstart - 80:nstart]
        negated = ("no" in window or "n't" in window or "never" in window or "neither" in window
                   or "without" in window or "deny" in window or "deni" in window
                   or "reject" in window) and _negated(text, nstart, s_nstart)
        append((article_id, p.concept_id, p.variant_id, p.frame, p.term, start, end,
                document[start:end], si, sentence, voice, loaded, p.weight, note, negated))
    return rows


def _voice(document: str, norm_text: str, nstart: int, start: int, end: int, context: _Context,
           si: int, s_start: int, sentence: str) -> str:
    """Voice of a hit (see the module docstring); :func:`_rows` writes out the common case."""
    if context.has_quote_mark:
        quotes, quote_starts = context.quotes()
        qi = bisect.bisect_right(quote_starts, start) - 1
        if qi >= 0 and quotes[qi][1] >= end:
            q_start, q_end = quotes[qi]
            # counting stops past the limit: a hit inside a long quotation costs O(1) here
            words = quote_words(document, q_start, q_end, at_most=_SHORT_QUOTE_WORDS + 1)
            if words > _SHORT_QUOTE_WORDS:
                return "quoted"
            if q_start >= s_start and context.attributed(si, s_start, sentence, q_start, q_end):
                return "quoted"
            return "distanced"
    window = norm_text[max(0, nstart - 48):nstart]
    if _may_be_distanced(window) and _DISTANCING.search(window):
        return "distanced"
    return "authorial"


def _may_be_distanced(window: str) -> bool:
    """False when ``_DISTANCING`` cannot match ``window``: a match ends with one of
    ``_DISTANCING_ENDS``, then an optional article, then quotation marks and spaces. A few
    C-speed string tests per hit, where the regex search tries every position of the window."""
    tail = window.rstrip(" \"'")
    return tail.endswith(_DISTANCING_ENDS) or (
        tail.endswith(_ARTICLES) and tail[:tail.rfind(" ")].endswith(_DISTANCING_ENDS))


def _has_quote_mark(document: str) -> bool:
    """Any double or single quotation mark (an apostrophe may open a headline's quote)."""
    return any(q in document for q in _QUOTE_MARKS)


_QUOTE_MARKS = ('"', "'", "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "\u2018", "\u2019")


_NEGATION_WINDOW = 5
_NEGATORS = frozenset(
    "not no never neither nor without none nobody nothing cannot deny denies denied denying "
    "reject rejects rejected rejecting".split()
)
# every negator and every token ending in "n't" contains one of these
_NEGATOR_PARTS = ("no", "never", "neither", "without", "deny", "deni", "reject", "n't")
_WINDOW_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[,;:()]")
_SCOPE_BREAK = frozenset(",;:()") | {"but", "however", "although", "though", "while", "yet"}


def _negated(norm_text: str, nstart: int, sentence_nstart: int) -> bool:
    """True when a negator stands within ``_NEGATION_WINDOW`` tokens before the hit.

    The window stops at the start of the sentence and at a scope break (``, ; : ( )``, "but",
    "however", "although", "though", "while", "yet"), after NegEx's pre-negation triggers and
    its scope of five words ending at a conjunction (Chapman et al. 2001, *Journal of
    Biomedical Informatics* 34(5), "A simple algorithm for identifying negated findings and
    diseases in discharge summaries"). Tokens ending in ``n't`` ("isn't", "wasn't") negate.
    """
    window = norm_text[max(sentence_nstart, nstart - 80):nstart]
    if not any(part in window for part in _NEGATOR_PARTS):
        return False  # no negator can be a token of the window (most hits: C-speed tests)
    tokens = _WINDOW_TOKEN.findall(window)
    if nstart - 80 > sentence_nstart and tokens:
        tokens = tokens[1:]  # the first token may be cut
    count = 0
    for tok in reversed(tokens):
        if tok in _SCOPE_BREAK:
            return False
        if tok in _NEGATORS or tok.endswith("n't"):
            return True
        count += 1
        if count >= _NEGATION_WINDOW:
            return False
    return False


def hits_table(articles: Iterable[Article], matcher: Matcher) -> "pd.DataFrame":
    """Hits of a batch of articles as one table.

    Parameters
    ----------
    articles : iterable of Article
    matcher : Matcher

    Returns
    -------
    pandas.DataFrame
        One row per hit, columns :data:`HIT_COLUMNS` (spans in characters of
        :attr:`Article.document`), sorted by article order then ``start``.
    """
    import pandas as pd  # noqa: PLC0415 - keeps `import framing.matching` light

    matchers = (matcher,)
    rows = [row for article in articles for row in hit_rows_many(article, matchers)[0]]
    frame = pd.DataFrame(rows, columns=list(HIT_COLUMNS))
    return frame.astype({"start": "int64", "end": "int64", "sentence": "int64", "loaded": "bool",
                         "weight": "float64", "negated": "bool"})


_HIT_SLOTS = _hit_slots()
