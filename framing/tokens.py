"""Word tokens and n-grams over the matcher's normalisation, for counting terms.

The contrast of two groups of articles (:mod:`framing.contrast`) counts terms with this tokenizer,
and anything else that counts words can reuse it. It runs on the text that
:func:`framing.text.normalize` produces — the same normalisation the lexicon matcher uses (lower
case, one kind of quote, apostrophe and dash, accents folded, white space folded) — so a term found
here is spelled the way a lexicon term is matched.

Rules, applied to normalised text:

1. **Possessives** — ``'s`` right after a word is dropped, so "Kyiv's" counts as ``kyiv`` (the
   matcher matches "Kyiv" inside "Kyiv's" too). A bare trailing apostrophe ("states'") is never
   part of a token. Contractions ending in ``'s`` ("it's", "that's") lose the ``'s`` as well;
   other contractions stay whole ("don't", "can't").
2. **Tokens**, tried in this order:

   * abbreviations of single letters with their periods: ``u.s.``, ``d.c.``, ``a.m.``;
   * numbers with inner separators: ``1,027``, ``3.5``;
   * words of letters and digits joined by inner hyphens or apostrophes: ``pro-russia``,
     ``don't``, ``5-4``, ``covid-19``.

   Underscores are never part of a token.
3. **Breaks** — an n-gram never spans a sentence or clause mark (``. ! ? ; : ,``), a bracket,
   a double quotation mark (the words inside a quotation are someone else's), a dash standing
   between spaces (" - ", which is what an em dash becomes), a line or paragraph break, or a masked
   span (see :func:`token_stream`). Other characters (``%``, ``/``, ``&``, a lone apostrophe) are
   simply skipped.

``STOP_WORDS`` is a list of English function words written for this project (articles,
prepositions, pronouns, auxiliaries, conjunctions, a few adverbs); reporting verbs ("said",
"claimed") and negations are deliberately not in it, since they are framing choices.
"""

from __future__ import annotations

import re
from typing import Iterable

from .text import normalize

__all__ = [
    "STOP_WORDS",
    "TOKEN_PATTERN",
    "BREAK",
    "tokenize",
    "segments",
    "ngrams",
    "token_stream",
    "prepare_text",
]

#: Regular expression of one token on normalised text (rule 2 of the module docstring).
TOKEN_PATTERN = (
    r"(?:[^\W\d_]\.){2,}"                 # u.s.  d.c.  a.m.
    r"|\d+(?:[.,]\d+)+"                   # 1,027  3.5
    r"|[^\W_]+(?:[-'][^\W_]+)*"           # pro-russia  don't  covid-19
)
_BREAK_PATTERN = r"[.!?;:,()\[\]{}\"\n|]|(?<![^\W_])-+|-+(?![^\W_])"
#: The break marker :func:`token_stream` puts where an n-gram must not continue.
BREAK = "\n"

_STREAM = re.compile(f"{TOKEN_PATTERN}|{_BREAK_PATTERN}")
_TOKEN = re.compile(TOKEN_PATTERN)
_POSSESSIVE = re.compile(r"(?<=[^\W_])'s(?![^\W_])")

#: English function words (written for this project; see the module docstring). Used by
#: :mod:`framing.contrast` to leave out n-grams that start or end with one.
STOP_WORDS: frozenset[str] = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever every
few for from further had has have having he her here hers herself him himself his how i if in
into is it its itself just let me more most my myself neither nor of off on once only or other
ought our ours ourselves out over own per same she should since so some such than that the their
theirs them themselves then there these they this those though through thus to too under until
up upon us very was we were what whatever when where whether which while who whom whose why will
with within would yet you your yours yourself yourselves
""".split())


def prepare_text(normalised: str) -> str:
    """Apply the possessive rule to already normalised text (rule 1)."""
    return _POSSESSIVE.sub("", normalised) if "'s" in normalised else normalised


def token_stream(normalised: str) -> list[str]:
    """Tokens of already normalised text, with :data:`BREAK`-like markers where n-grams stop.

    This is the fast path used for counting: one C-level regular-expression pass. A marker is
    any string that does not start with a letter or digit (``"."``, ``","``, ``"\\n"``, ``"--"``).

    Parameters
    ----------
    normalised : str
        Output of :func:`framing.text.normalize` (its ``.text``), possibly joined with
        ``"\\n"`` between lines.

    Returns
    -------
    list of str
        Tokens and markers in text order.
    """
    return _STREAM.findall(prepare_text(normalised))


def is_break(item: str) -> bool:
    """True for a marker of :func:`token_stream`, False for a token."""
    return not item[:1].isalnum()


def segments(text: str) -> list[list[str]]:
    """Tokens of ``text`` grouped into runs that n-grams may span (rule 3).

    Parameters
    ----------
    text : str
        Any text; it is normalised with :func:`framing.text.normalize` first.

    Returns
    -------
    list of list of str
        Non-empty runs of tokens, in text order.

    Examples
    --------
    >>> segments("Kyiv's forces, the U.S. said.")
    [['kyiv', 'forces'], ['the', 'u.s.', 'said']]
    """
    runs: list[list[str]] = []
    current: list[str] = []
    for item in token_stream(normalize(text).text):
        if is_break(item):
            if current:
                runs.append(current)
                current = []
        else:
            current.append(item)
    if current:
        runs.append(current)
    return runs


def tokenize(text: str) -> list[str]:
    """The tokens of ``text`` (normalised first), without break markers.

    >>> tokenize("Pro-Russia “separatists” took Kyiv’s 1,027 posts")
    ['pro-russia', 'separatists', 'took', 'kyiv', '1,027', 'posts']
    """
    return _TOKEN.findall(prepare_text(normalize(text).text))


def ngrams(text: str, n: Iterable[int] | int = (1, 2, 3)) -> list[str]:
    """The n-grams of ``text`` for each length in ``n``, words joined by one space.

    N-grams never span a break (rule 3). Shorter lengths come first, each in text order.

    >>> ngrams("Illegal annexation. Crimea", (1, 2))
    ['illegal', 'annexation', 'crimea', 'illegal annexation']
    """
    lengths = [n] if isinstance(n, int) else list(n)
    runs = segments(text)
    out: list[str] = []
    for k in lengths:
        for run in runs:
            out.extend(" ".join(run[i:i + k]) for i in range(len(run) - k + 1))
    return out
