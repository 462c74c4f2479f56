"""Lexicon candidates: distinguishing terms that no loaded lexicon lists yet, and adding one.

:func:`candidates` takes a :class:`~framing.contrast.ContrastResult` and keeps its top terms that
no loaded lexicon covers. A term is *covered* when one of a lexicon term's surface forms
(:func:`framing.matching.term_forms`: hyphen and inflection variants, normalised) occurs in it as
whole words — so "illegal annexation of crimea" is covered by a lexicon listing "illegal
annexation". :func:`add_candidate` writes one chosen term into a user lexicon file, validating
the whole lexicon before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Iterable

import pandas as pd

from .contrast import ContrastError, ContrastResult
from .errors import FramingError
from .lexicon import Lexicon, available_lexicons, load_lexicon, parse_lexicon, save_lexicon
from .matching import term_forms

__all__ = ["candidates", "add_candidate", "add_from_contrast", "candidate_defaults",
           "covered_terms", "user_lexicon_path", "CandidateExists"]

#: The user lexicon that candidates go to by default, in ``lexicons/`` beside the store: the
#: file the dashboard's "Add to my lexicon" and ``framing candidates --add`` grow, and which
#: the dashboard lists among its lexicons.
USER_LEXICON = "my-terms.yaml"


def user_lexicon_path(store_path: str | Path) -> Path:
    """``lexicons/my-terms.yaml`` beside the store file ``store_path``."""
    return Path(store_path).parent / "lexicons" / USER_LEXICON


def covered_terms(lexicons: Iterable[Lexicon]) -> set[str]:
    """Every normalised surface form of every term of ``lexicons``."""
    forms: set[str] = set()
    for lex in lexicons:
        for concept in lex.concepts:
            for variant in concept.variants:
                for term in variant.terms:
                    forms.update(term_forms(term, inflect=variant.inflect))
    return forms


def candidates(result: ContrastResult, lexicons: Iterable[Lexicon | str] | None = None, *,
               top: int = 50, max_q: float = 0.05, rank: str = "conservative",
               exclude_names: bool = True) -> pd.DataFrame:
    """Top distinguishing terms not yet in any loaded lexicon.

    The defaults differ from :meth:`ContrastResult.top` on purpose: a lexicon wants loaded
    *words*, so candidates are ranked by the conservative bound of the log-odds ratio (how much
    more one side uses a term, at least) rather than by z (which in large corpora favours
    frequent, mildly skewed words), and terms containing a proper name are left out. Both
    rules are explained in :meth:`ContrastResult.top`.

    Parameters
    ----------
    result : ContrastResult
    lexicons : iterable of Lexicon or str, optional
        Lexicons (or names/paths for :func:`framing.lexicon.load_lexicon`); default every
        shipped lexicon.
    top : int
        At most this many candidates per side.
    max_q : float
        Keep terms with a Benjamini–Hochberg q-value at or below this (default 0.05).
    rank : {"conservative", "z"}
        Order of each side's candidates (see :meth:`ContrastResult.top`).
    exclude_names : bool
        Leave out terms with a name word (see :meth:`ContrastResult.top`).

    Returns
    -------
    DataFrame
        Rows of ``result.terms`` plus a ``side`` column (``result.label_a`` or
        ``result.label_b``) and, for the conservative rank, ``bound``; A's candidates best
        first, then B's.

    Raises
    ------
    LexiconError
        A named lexicon is missing or invalid.
    ContrastError
        ``rank`` is not ``"conservative"`` or ``"z"``.
    """
    if lexicons is None:
        lexicons = available_lexicons()
    loaded = [lx if isinstance(lx, Lexicon) else load_lexicon(lx) for lx in lexicons]
    forms = covered_terms(loaded)
    pattern = _covering_pattern(forms)
    terms = result.terms
    ok = terms["q"] <= max_q
    if pattern is not None:
        ok &= ~terms["term"].map(lambda t: pattern.search(t) is not None)
    kept = replace(result, terms=terms[ok])
    sides = [kept.top(top, key, rank=rank, exclude_names=exclude_names).assign(side=label)
             for key, label in (("a", result.label_a), ("b", result.label_b))]
    return pd.concat(sides, ignore_index=True)


def _covering_pattern(forms: set[str]) -> re.Pattern | None:
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")


def _slug(text: str, fallback: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or fallback


def _row(result: ContrastResult, term: str):
    rows = result.terms[result.terms["term"] == term]
    if rows.empty:
        raise ContrastError(f"“{term}” is not among the terms of this contrast (it must pass "
                            "its minimum count); pick one of result.terms")
    return rows.iloc[0]


def candidate_defaults(result: ContrastResult, term: str) -> tuple[str, str]:
    """Default concept id (the term) and category (the group it is typical of) for
    :func:`add_from_contrast`, as slugs.

    Raises
    ------
    ContrastError
        ``term`` is not a term of ``result``.
    """
    typical = result.label_a if _row(result, term)["z"] > 0 else result.label_b
    return _slug(term, "term"), _slug(typical, "typical")


def add_from_contrast(path: str | Path, result: ContrastResult, term: str, *,
                      concept: str | None = None, category: str | None = None) -> Lexicon:
    """:func:`add_candidate` for a term of ``result``, with the contrast (the two groups, z and
    counts) as its source; ``concept`` and ``category`` default to :func:`candidate_defaults`.

    Raises
    ------
    ContrastError
        ``term`` is not a term of ``result``, or a name is empty.
    CandidateExists, LexiconError
        As :func:`add_candidate`.
    """
    row = _row(result, term)
    default_concept, default_category = candidate_defaults(result, term)
    source = (f"framing contrast {result.label_a} vs {result.label_b}: z={row['z']:.1f}, "
              f"counts {int(row['count_a'])}/{int(row['count_b'])}")
    return add_candidate(path, (concept or default_concept).strip(), term,
                         (category or default_category).strip(), source)


class CandidateExists(FramingError):
    """The term is in the user lexicon already (:func:`add_candidate`)."""


def add_candidate(path: str | Path, concept_id: str, term: str, frame: str, source: str, *,
                  label: str | None = None, notes: str = "") -> Lexicon:
    """Add ``term`` to concept ``concept_id`` of the user lexicon at ``path``.

    * The file is created when missing, as a ``kind: categories`` lexicon named after the file
      (in such a lexicon a concept may hold a single variant, so one term is a valid concept);
      ``frame`` becomes its category.
    * In an existing lexicon, the term joins the concept's variant of that frame, or a new
      variant of that frame; a missing concept is created with ``label`` (default the id).
      A categories lexicon gains the category if it is new. A frames lexicon needs ``frame``
      to be one of its two poles (or ``neutral``), and a new concept in it needs a second,
      opposing variant before it is valid — add it in the file.
    * ``source`` (why the term is loaded, e.g. "framing contrast Fox News vs CNN, AllSides, z=9.1")
      is appended to the concept's sources.

    The whole lexicon is validated (:func:`framing.lexicon.parse_lexicon`) before the file is
    written, so an invalid addition leaves the file as it was.

    Returns
    -------
    Lexicon
        The lexicon as written.

    Raises
    ------
    LexiconError
        The existing file is invalid, or the lexicon with the new term is (duplicate term,
        unknown frame, a frames concept with a single pole…); the message lists every problem.
    ContrastError
        ``term``, ``concept_id``, ``frame`` or ``source`` is empty.
    CandidateExists
        The lexicon lists ``term`` already (in any concept); the file is left as it was.
    """
    for name, value in (("term", term), ("concept_id", concept_id), ("frame", frame),
                        ("source", source)):
        if not isinstance(value, str) or not value.strip():
            raise ContrastError(f"add_candidate: {name} must be a non-empty text; got {value!r}")
    path = Path(path)
    if path.exists():
        current = load_lexicon(path)
        # the same term again is a repeat of the reader's own click, not a broken lexicon
        listed = next((c.id for c in current.concepts for v in c.variants
                       if term.strip().casefold() in (t.casefold() for t in v.terms)), None)
        if listed is not None:
            raise CandidateExists(f"“{term.strip()}” is already in {current.name} (concept "
                                  f"'{listed}'); nothing was added")
        data = current.to_dict()
    else:
        stem = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "user-lexicon"
        data = {"name": stem, "version": 1,
                "description": "User lexicon: terms added from framing contrasts.",
                "kind": "categories", "categories": {}, "concepts": []}
    if data.get("kind") == "categories":
        data["categories"].setdefault(frame, f"terms added as '{frame}'")
    key = "category" if data.get("kind") == "categories" else "frame"
    concept = next((c for c in data["concepts"] if c["id"] == concept_id), None)
    if concept is None:
        concept = {"id": concept_id, "label": label or concept_id, "variants": [],
                   "exclude": [], "sources": []}
        data["concepts"].append(concept)
    variant = next((v for v in concept["variants"] if v.get(key) == frame), None)
    if variant is None:
        variant = {"terms": [], key: frame}
        if notes:
            variant["notes"] = notes
        concept["variants"].append(variant)
    variant["terms"].append(term.strip())
    if source not in concept["sources"]:
        concept["sources"].append(source)
    if path.exists():
        data["version"] = int(data["version"]) + 1
    lexicon = parse_lexicon(data, source=str(path))  # raises LexiconError, nothing written
    path.parent.mkdir(parents=True, exist_ok=True)
    save_lexicon(lexicon, path)
    return load_lexicon(path)

