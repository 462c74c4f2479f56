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
   with ``loaded=False`` (shown, never scored).

**Negation**: ``negated`` is True when a negator ("not", "no", "never", "n't", "neither",
"nor", "without", "none", "deny", "reject", …) stands within five tokens before the hit in the
same sentence and clause (NegEx, Chapman et al. 2001); the hit is kept and scored as usual,
the flag lets a reader or a filter treat "not an annexation" differently.

**Voice** of a hit: ``quoted`` when it lies inside a quotation (:func:`framing.text.quote_spans`)
of more than four words or of any length introduced by an attribution verb in the same
sentence; ``distanced`` inside a short quotation without attribution (scare quotes) or right after
a distancing marker ("so-called", "alleged", "self-proclaimed", "what X calls"); otherwise
``authorial``.

Aho–Corasick multi-pattern search (Aho & Corasick 1975, *CACM* 18(6)) via ``pyahocorasick`` makes
the scan one pass over the text whatever the number of terms.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable

import ahocorasick
import pandas as pd

from .lexicon import Lexicon, Variant
from .models import Article, Hit
from .text import normalize, quote_spans, sentence_spans

__all__ = ["Matcher", "compile_lexicon", "find_hits", "find_hits_many", "hits_table", "term_forms",
           "HIT_COLUMNS"]

#: Columns of :func:`hits_table`, in order.
HIT_COLUMNS = (
    "article_id", "concept", "variant", "frame", "term", "start", "end", "text", "sentence",
    "sentence_text", "voice", "loaded", "weight", "note", "negated",
)

_VOWELS = set("aeiou")
_DISTANCING = re.compile(
    r"(?:so-? ?called|alleged|allegedly|self-? ?proclaimed|self-? ?styled|purported|supposed"
    r"|quote-? ?unquote|what (?:\w+ ){1,3}(?:calls?|called|terms?|termed|describes? as|described as|dubs?|dubbed))"
    r"(?: the| a| an| its| their)?[ \"']*$"
)
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|saying|told|tells|tell|stated|states|added|adds|declared|declares"
    r"|announced|announces|according to|wrote|writes|claimed|claims|insisted|insists|warned"
    r"|warns|asked|asks|urged|urges|replied|replies|tweeted|posted|noted|notes|argued|argues)\b"
)
_SHORT_QUOTE_WORDS = 4


@dataclass(frozen=True, slots=True)
class _Payload:
    concept: int  # index into Lexicon.concepts
    variant: int  # index into Concept.variants; -1 for an exclusion phrase
    term: str
    length: int  # length of the normalised pattern


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


def term_forms(term: str, *, inflect: bool | None = None) -> list[str]:
    """All normalised surface forms a lexicon term matches (rule 2 of the module docstring).

    Parameters
    ----------
    term : str
        As written in the lexicon.
    inflect : bool or None
        Whether to add inflections of the last word; ``None``: when that word is lower case.

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
    """Regular English inflections of ``word`` (plural/3rd person, past, gerund)."""
    if len(word) < 3 or not word.isalpha():
        return []
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y"]  # a plural term also matches its singular
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
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
    for ci, concept in enumerate(lexicon.concepts):
        for vi, variant in enumerate(concept.variants):
            for term in variant.terms:
                for k, form in enumerate(term_forms(term, inflect=variant.inflect)):
                    priority = 0 if k == 0 else 1
                    _put(table, form, priority, _Payload(ci, vi, term, len(form)))
        for phrase in concept.exclude:
            for form in term_forms(phrase, inflect=False):
                _put(table, form, -1, _Payload(ci, -1, phrase, len(form)))
    automaton = ahocorasick.Automaton()
    for form, (_, payload) in table.items():
        automaton.add_word(form, payload)
    automaton.make_automaton()
    return Matcher(lexicon=lexicon, automaton=automaton, patterns=len(table))


def _put(table: dict, form: str, priority: int, payload: _Payload) -> None:
    if not form:
        return
    old = table.get(form)
    if old is None or priority < old[0]:
        table[form] = (priority, payload)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class _Document:
    """One document's normalised text, sentences and quotations, each computed once and only
    when first needed (shared by the matchers of :func:`find_hits_many`)."""

    __slots__ = ("document", "norm", "_sentences", "_quotes")

    def __init__(self, document: str) -> None:
        self.document = document
        self.norm = normalize(document)
        self._sentences = None
        self._quotes = None

    def sentences(self):
        if self._sentences is None:
            spans = sentence_spans(self.document)
            self._sentences = (spans, [s for s, _ in spans])
        return self._sentences

    def quotes(self):
        if self._quotes is None:
            quotes = quote_spans(self.document) if _has_quote(self.document) else []
            self._quotes = (quotes, [q.start for q in quotes])
        return self._quotes


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
    return _find(article, matcher, _Document(article.document))


def find_hits_many(article: Article, matchers: Iterable[Matcher]) -> list[list[Hit]]:
    """:func:`find_hits` for several matchers (e.g. every shipped lexicon) over one article.

    The document is normalised, split into sentences and searched for quotations once for all
    matchers, so this costs less than calling :func:`find_hits` once per matcher.

    Returns
    -------
    list of list of Hit
        One list per matcher, in the order given.
    """
    prepared = _Document(article.document)
    return [_find(article, m, prepared) for m in matchers]


def _find(article: Article, matcher: Matcher, prepared: _Document) -> list[Hit]:
    document = prepared.document
    norm = prepared.norm
    text = norm.text
    n = len(text)
    candidates: list[tuple[int, int, _Payload]] = []
    for end_idx, payload in matcher.automaton.iter(text):
        start = end_idx - payload.length + 1
        end = end_idx + 1
        if start > 0 and _is_word_char(text[start - 1]):
            continue
        if end < n and _is_word_char(text[end]):
            continue
        candidates.append((start, end, payload))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[tuple[int, int, _Payload]] = []
    last_end = -1
    for start, end, payload in candidates:
        if start >= last_end:
            chosen.append((start, end, payload))
            last_end = end
    chosen = [c for c in chosen if c[2].variant >= 0]
    if not chosen:
        return []
    sentences, sent_starts = prepared.sentences()
    quotes, quote_starts = prepared.quotes()
    lexicon = matcher.lexicon
    hits: list[Hit] = []
    for nstart, nend, payload in chosen:
        start, end = norm.to_original(nstart, nend)
        concept = lexicon.concepts[payload.concept]
        variant: Variant = concept.variants[payload.variant]
        si = max(bisect.bisect_right(sent_starts, start) - 1, 0)
        s_start, s_end = sentences[si] if sentences else (0, len(document))
        voice = _voice(document, text, nstart, start, end, quotes, quote_starts, s_start)
        loaded, note = variant.loaded_on(article.date)
        if variant.frame == "neutral":
            loaded, note = False, "neutral variant: shown, never scored"
        negated = _negated(text, nstart, max(0, nstart - (start - s_start)))
        hits.append(Hit(
            article_id=article.id, concept=concept.id, variant=variant.id, frame=variant.frame,
            term=payload.term, start=start, end=end, text=document[start:end], sentence=si,
            sentence_text=document[s_start:s_end], voice=voice, loaded=loaded,
            weight=variant.weight, note=note, negated=negated,
        ))
    return hits


def _has_quote(document: str) -> bool:
    return any(q in document for q in ('"', "\u201c", "\u201d", "\u201e", "\u00ab"))


def _voice(document: str, norm_text: str, nstart: int, start: int, end: int, quotes, quote_starts,
           sentence_start: int) -> str:
    qi = bisect.bisect_right(quote_starts, start) - 1
    if qi >= 0 and quotes[qi].end >= end:
        q = quotes[qi]
        if q.words > _SHORT_QUOTE_WORDS:
            return "quoted"
        before = document[sentence_start:q.start].lower()
        return "quoted" if _ATTRIBUTION.search(before) else "distanced"
    window = norm_text[max(0, nstart - 48):nstart]
    if _DISTANCING.search(window):
        return "distanced"
    return "authorial"


_NEGATION_WINDOW = 5
_NEGATORS = frozenset(
    "not no never neither nor without none nobody nothing cannot deny denies denied denying "
    "reject rejects rejected rejecting".split()
)
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


def hits_table(articles: Iterable[Article], matcher: Matcher) -> pd.DataFrame:
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
    rows = [
        (h.article_id, h.concept, h.variant, h.frame, h.term, h.start, h.end, h.text, h.sentence,
         h.sentence_text, h.voice, h.loaded, h.weight, h.note, h.negated)
        for article in articles
        for h in find_hits(article, matcher)
    ]
    frame = pd.DataFrame(rows, columns=list(HIT_COLUMNS))
    return frame.astype({"start": "int64", "end": "int64", "sentence": "int64", "loaded": "bool",
                         "weight": "float64", "negated": "bool"})
