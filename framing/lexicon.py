"""Lexicons: files of concepts, the variants that name them, and the frame each variant carries.

A lexicon is data (``corpora/lexicons/*.yaml``, schema in ``corpora/README.md``), read with
a strict ``yaml.SafeLoader`` and validated here. Validation collects *every* problem before raising one
:class:`~framing.errors.LexiconError` that names the file, the concept and the fix.

A lexicon has one of two **kinds**:

* ``kind: frames`` (the default): ``frames`` names exactly two poles. The framing score's sign
  comes from their order: the first frame is the +1 pole and the second the −1 pole (see
  :mod:`framing.scoring`). Every concept needs variants of at least two different frames.
* ``kind: categories``: frame-free. ``categories`` names one or more categories (e.g.
  ``doubt-verb``, ``hedge``) and each variant carries a ``category`` instead of a ``frame``;
  a concept may have a single variant. Scores of such a lexicon are counts and rates per
  1,000 words per category, never a pole index (:mod:`framing.scoring`). In memory a
  variant's category is held in :attr:`Variant.frame`, so hits of both kinds share one table.

The word ``neutral`` may be used as a variant's frame (or category): such hits are recorded and
shown, never scored.

Files are read with a strict ``yaml.SafeLoader``: a key given twice in one mapping (which
PyYAML would silently resolve by keeping the last) is an error naming the concept and lines,
and an unquoted date that is no calendar date (``since: 2022-13-45``) is reported by
validation like any other bad date. Terms are validated as matching sees them, after
normalisation, so ``pro–Russia`` written with an en dash is the valid term ``pro-Russia``.

Several lexicons can be used together with :func:`combine_lexicons`; a term listed in two of
them is an error (a hit must belong to exactly one concept), and scores stay per lexicon.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .errors import LexiconError
from .resources import CORPORA_DIR
from .text import normalize

__all__ = [
    "Variant",
    "Concept",
    "Lexicon",
    "NEUTRAL",
    "KINDS",
    "LEXICON_DIR",
    "available_lexicons",
    "combine_lexicons",
    "load_lexicon",
    "parse_lexicon",
    "parse_lexicon_text",
    "save_lexicon",
    "term_key",
]

#: Frame name for variants that are recorded but never scored.
NEUTRAL = "neutral"
#: The two kinds of lexicon: two scored poles, or frame-free categories.
KINDS: tuple[str, ...] = ("frames", "categories")
#: Folder of the lexicons shipped with the project.
LEXICON_DIR = CORPORA_DIR / "lexicons"

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP_KEYS = ("name", "version", "description", "kind", "frames", "categories", "concepts")
_CONCEPT_KEYS = ("id", "label", "variants", "exclude", "sources")
_VARIANT_KEYS = ("terms", "frame", "category", "weight", "notes", "since", "until", "inflect")
# words of letters/digits joined by spaces, hyphens, apostrophes or the periods of an
# abbreviation ("U.S.", "St. Petersburg"); the term must start with a letter or digit
_TERM_OK = re.compile(r"^\w[\w .'\u2019-]*$")


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of naming a concept.

    Attributes
    ----------
    terms : tuple of str
        Words or phrases as written in the lexicon; the first one is the variant's id.
    frame : str
        A frame of the lexicon, or ``"neutral"``.
    weight : float
        Multiplies the hit in the score (default 1.0).
    notes : str
        Why the wording is loaded.
    since, until : datetime.date or None
        The term counts as loaded only for articles dated on/after ``since`` and before
        ``until``. Hits outside the window are kept with ``loaded=False`` and not scored. In an
        undated article no hit of a concept with any dated variant is scored, the undated
        variants included (:mod:`framing.matching`, rule 6): scoring only the undated
        counterpart ("Kyiv" but not "Kiev") would push undated corpora toward one pole.
    inflect : bool or None
        Also match regular inflections of the head word (the word before the first preposition,
        else the last word; see :mod:`framing.matching`, rule 2); ``None`` means "yes when the
        term's last word is written in lower case" (proper nouns are not inflected).
    """

    terms: tuple[str, ...]
    frame: str
    weight: float = 1.0
    notes: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    inflect: bool | None = None

    @property
    def id(self) -> str:
        """The variant's id: its first term."""
        return self.terms[0]

    def loaded_on(self, day: dt.date | None) -> tuple[bool, str]:
        """Whether this variant is loaded for an article dated ``day``.

        Returns
        -------
        (bool, str)
            The verdict and, when False, the reason shown to the user.
        """
        if self.since is None and self.until is None:
            return True, ""
        window = _window_text(self.since, self.until)
        if day is None:
            return False, f"undated article: '{self.id}' is loaded only {window}"
        if self.since is not None and day < self.since:
            return False, f"dated {day.isoformat()}: '{self.id}' is loaded only {window}"
        if self.until is not None and day >= self.until:
            return False, f"dated {day.isoformat()}: '{self.id}' is loaded only {window}"
        return True, ""


def _window_text(since: dt.date | None, until: dt.date | None) -> str:
    parts = []
    if since is not None:
        parts.append(f"since {since.isoformat()}")
    if until is not None:
        parts.append(f"before {until.isoformat()}")
    return " and ".join(parts)


@dataclass(frozen=True, slots=True)
class Concept:
    """One referent that outlets name differently.

    Attributes
    ----------
    id : str
        Slug, unique in the lexicon ("crimea-2014").
    label : str
        Human-readable name.
    variants : tuple of Variant
        At least two.
    exclude : tuple of str
        Phrases in which a term is not this concept ("Chicken Kiev").
    sources : tuple of str
        Citations saying why the terms are loaded.
    """

    id: str
    label: str
    variants: tuple[Variant, ...]
    exclude: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A validated lexicon.

    Attributes
    ----------
    name : str
    version : int
    description : str
    frames : tuple of (str, str)
        Frame (or category) name and description, in order. For ``kind == "frames"`` exactly
        two: the first is the +1 pole of the framing score, the second the −1 pole. For
        ``kind == "categories"`` one or more categories, none of them a pole.
    concepts : tuple of Concept
    source : str
        The file it was read from (``""`` when built in memory; ``a.yaml + b.yaml`` when
        combined).
    kind : {"frames", "categories"}
        Two scored poles (default), or frame-free categories counted per 1,000 words.
    """

    name: str
    version: int
    description: str
    frames: tuple[tuple[str, str], ...]
    concepts: tuple[Concept, ...]
    source: str = ""
    kind: str = "frames"

    @property
    def is_categorical(self) -> bool:
        """True for a frame-free lexicon (``kind: categories``)."""
        return self.kind == "categories"

    @property
    def positive_frame(self) -> str:
        """The +1 pole of the score; ``""`` for a categories lexicon (it has no poles)."""
        return "" if self.is_categorical else self.frames[0][0]

    @property
    def negative_frame(self) -> str:
        """The −1 pole of the score; ``""`` for a categories lexicon (it has no poles)."""
        return "" if self.is_categorical else self.frames[1][0]

    @property
    def frame_names(self) -> tuple[str, ...]:
        """The frames (or categories) in order, without ``neutral``."""
        return tuple(name for name, _ in self.frames)

    @property
    def hash(self) -> str:
        """12 hex characters of the SHA-256 of the lexicon's content (not of its file layout).

        Two files that load to the same lexicon have the same hash; it names the lexicon
        version in every export.
        """
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    def concept(self, concept_id: str) -> Concept:
        """The concept with id ``concept_id``.

        Raises
        ------
        KeyError
            When there is none.
        """
        for c in self.concepts:
            if c.id == concept_id:
                return c
        raise KeyError(concept_id)

    def to_dict(self) -> dict[str, Any]:
        """The lexicon as plain data in the file schema (dates as ``datetime.date``).

        A frames lexicon is written without ``kind`` (the default), so its hash does not depend
        on whether the file spelled ``kind: frames`` out.
        """
        key = "category" if self.is_categorical else "frame"
        head: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "description": self.description,
        }
        if self.is_categorical:
            head["kind"] = "categories"
            head["categories"] = {k: v for k, v in self.frames}
        else:
            head["frames"] = {k: v for k, v in self.frames}
        head["concepts"] = [
            {
                "id": c.id,
                "label": c.label,
                "variants": [_variant_dict(v, key) for v in c.variants],
                "exclude": list(c.exclude),
                "sources": list(c.sources),
            }
            for c in self.concepts
        ]
        return head


def _variant_dict(v: Variant, key: str = "frame") -> dict[str, Any]:
    d: dict[str, Any] = {"terms": list(v.terms), key: v.frame}
    if v.weight != 1.0:
        d["weight"] = v.weight
    if v.notes:
        d["notes"] = v.notes
    if v.since is not None:
        d["since"] = v.since
    if v.until is not None:
        d["until"] = v.until
    if v.inflect is not None:
        d["inflect"] = v.inflect
    return d


def available_lexicons() -> list[str]:
    """Names of the lexicons shipped in ``corpora/lexicons`` (file stems), sorted."""
    return sorted(p.stem for p in LEXICON_DIR.glob("*.yaml"))


def load_lexicon(name_or_path: str | Path) -> Lexicon:
    """Read and validate a lexicon.

    Parameters
    ----------
    name_or_path : str or Path
        A shipped lexicon's name (``"russia-ukraine"``) or the path of a YAML file.

    Raises
    ------
    LexiconError
        The file is missing, is not YAML, or breaks the schema (every problem is listed).
    """
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = LEXICON_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        known = ", ".join(available_lexicons()) or "none"
        raise LexiconError(str(name_or_path), [
            f"no such lexicon file; give a path to a .yaml file or one of the shipped names: {known}"
        ])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise LexiconError(str(path), [f"is not UTF-8 text ({exc.reason}); save it as UTF-8"]) from exc
    return parse_lexicon_text(text, source=str(path))


def save_lexicon(lexicon: Lexicon, path: str | Path) -> Path:
    """Write ``lexicon`` as YAML; :func:`load_lexicon` reads back an equal lexicon (same hash)."""
    path = Path(path)
    text = yaml.safe_dump(lexicon.to_dict(), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def parse_lexicon_text(text: str, source: str = "<uploaded lexicon>") -> Lexicon:
    """Read and validate a lexicon given as YAML text (e.g. a file uploaded in the dashboard).

    Parameters
    ----------
    text : str
        The YAML document.
    source : str
        Name shown in error messages and provenance.

    Raises
    ------
    LexiconError
        The text is not YAML or breaks the schema (every problem is listed).
    """
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LexiconError(source, [f"is not valid YAML{where}: {problem}; fix the syntax there"]) from exc
    finally:
        loader.dispose()
    if loader.duplicates:
        raise LexiconError(source, [
            f"{_where_in_concepts(node, line)}: key '{key}' is given twice (lines {first} and "
            f"{line}); YAML keeps only the last one, so one of them is silently lost — keep one"
            for key, first, line in loader.duplicates
        ])
    return parse_lexicon(data, source=source)


class _StrictLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that records duplicate mapping keys (PyYAML silently keeps the last
    one) and reads a date-like scalar that is no real date (``2022-13-45``) as text, so
    validation reports it with its concept instead of PyYAML raising ``ValueError``."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        #: ``(key, first line, repeated line)`` of each duplicate key, lines 1-based.
        self.duplicates: list[tuple[Any, int, int]] = []

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the base class reports it
                    continue
                line = key_node.start_mark.line + 1
                if first is None:
                    seen[key] = line
                else:
                    self.duplicates.append((key, first, line))
        return super().construct_mapping(node, deep=deep)

    def construct_lenient_timestamp(self, node):
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # matches the date pattern but is no calendar date
            return self.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_lenient_timestamp)


def _where_in_concepts(root, line: int) -> str:
    """``concept '<id>'`` (or ``top level``) for a 1-based line of the YAML document."""
    if not isinstance(root, yaml.MappingNode):
        return "top level"
    for key_node, value in root.value:
        if getattr(key_node, "value", None) != "concepts" or not isinstance(value, yaml.SequenceNode):
            continue
        for index, item in enumerate(value.value, 1):
            if item.start_mark.line + 1 <= line <= item.end_mark.line + 1:
                if isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if getattr(k, "value", None) == "id" and isinstance(v, yaml.ScalarNode):
                            return f"concept '{v.value}'"
                return f"concept #{index}"
    return "top level"


def parse_lexicon(data: Any, source: str = "<lexicon>") -> Lexicon:
    """Validate plain data (as from ``yaml.safe_load``) and build a :class:`Lexicon`.

    Besides the schema (``corpora/README.md``), validation rejects: an unknown frame or
    category; a term listed twice or in two concepts (compared after normalisation, with
    hyphens read as spaces, so ``pro-Russia`` and ``Pro Russia`` are the same term); an empty
    variant; and a term that normalisation can never match (regular-expression syntax, a term
    ending in a hyphen or apostrophe, a term that is also one of its concept's ``exclude``
    phrases).

    Raises
    ------
    LexiconError
        Listing every problem with the concept it is in and how to fix it.
    """
    problems: list[str] = []
    if data is None:
        raise LexiconError(source, [
            "the file is empty (or holds only comments); a lexicon needs at least name, frames "
            "(or kind: categories with categories) and concepts — copy one from corpora/ and "
            "edit it, see corpora/README.md"])
    if not isinstance(data, Mapping):
        raise LexiconError(source, [
            f"the top level must be a mapping with keys {', '.join(_TOP_KEYS)}; got "
            f"{_yaml_kind(data)}"])
    _unknown_keys(data, _TOP_KEYS, "top level", problems)
    name = data.get("name")
    if not isinstance(name, str) or not _SLUG.match(name):
        problems.append(f"'name' must be a lower-case slug such as 'russia-ukraine'; got {name!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"'version' must be a whole number ≥ 1; got {version!r}")
    description = data.get("description", "")
    if not isinstance(description, str) or not description.strip():
        problems.append("'description' must be a non-empty text saying what the lexicon covers")
    kind = data.get("kind", "frames")
    if kind not in KINDS:
        problems.append(f"'kind' must be one of {', '.join(KINDS)}; got {kind!r}")
        kind = "frames"
    frames = _parse_frames(data, kind, problems)
    # a broken frames/categories section is reported once; checking every variant's frame
    # against it would add one misleading "unknown frame" per variant
    frame_names = {k for k, _ in frames} if frames else None
    concepts_raw = data.get("concepts")
    concepts: list[Concept] = []
    if not isinstance(concepts_raw, list) or not concepts_raw:
        problems.append("'concepts' must be a non-empty list of concepts")
        concepts_raw = []
    seen_ids: dict[str, int] = {}
    seen_terms: dict[str, str] = {}
    for i, raw in enumerate(concepts_raw, 1):
        concept = _parse_concept(raw, i, frame_names, seen_ids, seen_terms, problems, kind)
        if concept is not None:
            concepts.append(concept)
    if problems:
        raise LexiconError(source, problems)
    return Lexicon(
        name=name, version=version, description=description.strip(), frames=frames,
        concepts=tuple(concepts), source=source, kind=kind,
    )


def _parse_frames(data: Mapping, kind: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    if kind == "categories":
        if "frames" in data:
            problems.append("a 'kind: categories' lexicon has no poles: rename 'frames' to "
                            "'categories'")
        raw = data.get("categories")
        if not isinstance(raw, Mapping) or not raw:
            problems.append("'categories' must map one or more category names to descriptions "
                            f"(e.g. {{hedge: '…', intensifier: '…'}}); got {raw!r}")
            return ()
        what = "category"
    else:
        if "categories" in data:
            problems.append("'categories' is only for 'kind: categories' lexicons; add that key "
                            "or use 'frames' with two poles")
        raw = data.get("frames")
        if not isinstance(raw, Mapping) or len(raw) != 2:
            problems.append(
                "'frames' must map exactly two frame names to descriptions, the +1 pole first "
                f"(e.g. {{kremlin: '…', ukraine: '…'}}); got {raw!r} (for frame-free categories "
                "write 'kind: categories' and a 'categories' mapping)"
            )
            return ()
        what = "frame"
    out = tuple((str(k), str(v)) for k, v in raw.items())
    for k, _ in out:
        if k == NEUTRAL:
            problems.append(f"'{NEUTRAL}' is reserved for unscored variants; rename that {what}")
    return out


def term_key(term: str) -> str:
    """The form under which two terms count as the same: normalised, hyphens read as spaces.

    ``term_key("Pro-Russia")`` is ``"pro russia"``; used for the duplicate-term rule of
    validation and of :func:`combine_lexicons`.
    """
    return " ".join(normalize(term).text.replace("-", " ").split())


def combine_lexicons(lexicons: Iterable[Lexicon], name: str | None = None) -> Lexicon:
    """Merge several lexicons into one, for matching them in one pass.

    Rules: all must be of one kind; a frames lexicon's poles must be the same, in the same
    order (scores are per lexicon: combine lexicons with different poles by matching each
    separately); concept ids must differ; and **a term listed in two lexicons is an error**
    (a hit belongs to exactly one concept). Every problem is reported at once.

    Parameters
    ----------
    lexicons : iterable of Lexicon
        At least one.
    name : str, optional
        Name of the result; default the names joined by ``+``.

    Returns
    -------
    Lexicon
        Concepts in the given order; ``version`` the sum of the versions (it grows whenever one
        does); ``source`` the sources joined by `` + ``; the hash covers all of it.

    Raises
    ------
    LexiconError
        On an empty list, mixed kinds or poles, or a concept id or term found twice.
    """
    lexicons = list(lexicons)
    label = " + ".join(lex.source or lex.name for lex in lexicons) or "<no lexicons>"
    if not lexicons:
        raise LexiconError(label, ["combine_lexicons needs at least one lexicon"])
    problems: list[str] = []
    first = lexicons[0]
    frames: dict[str, str] = dict(first.frames)
    for lex in lexicons[1:]:
        if lex.kind != first.kind:
            problems.append(f"'{lex.name}' is a {lex.kind} lexicon but '{first.name}' is a "
                            f"{first.kind} lexicon; match them separately")
        elif not lex.is_categorical and lex.frame_names != first.frame_names:
            problems.append(f"'{lex.name}' has poles {lex.frame_names} but '{first.name}' has "
                            f"{first.frame_names}; scores are per lexicon, so match them "
                            "separately")
        else:
            for k, v in lex.frames:
                frames.setdefault(k, v)
    ids: dict[str, str] = {}
    terms: dict[str, str] = {}
    for lex in lexicons:
        for concept in lex.concepts:
            if concept.id in ids:
                problems.append(f"concept id '{concept.id}' is in both '{ids[concept.id]}' and "
                                f"'{lex.name}'; rename one of them")
            ids.setdefault(concept.id, lex.name)
            for variant in concept.variants:
                for term in variant.terms:
                    key = term_key(term)
                    owner = terms.get(key)
                    if owner is not None and owner.split(":")[0] != lex.name:
                        problems.append(
                            f"term '{term}' is listed in {owner} and in {lex.name}:{concept.id}; "
                            "a term may belong to one lexicon only — remove it from one of them")
                    terms.setdefault(key, f"{lex.name}:{concept.id}")
    if problems:
        raise LexiconError(label, problems)
    return Lexicon(
        name=name or "+".join(lex.name for lex in lexicons),
        version=sum(lex.version for lex in lexicons),
        description=" | ".join(lex.description for lex in lexicons),
        frames=tuple(frames.items()),
        concepts=tuple(c for lex in lexicons for c in lex.concepts),
        source=label,
        kind=first.kind,
    )


def _yaml_kind(value: object) -> str:
    """What a YAML value is, in YAML's words (for messages)."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a single text"
    return f"a single value ({value!r})"


def _unknown_keys(d: Mapping, allowed: Iterable[str], where: str, problems: list[str]) -> None:
    allowed = tuple(allowed)
    for key in d:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(allowed)}"
            problems.append(f"{where}: unknown key '{key}'{hint}")


def _parse_concept(raw: Any, index: int, frame_names: set[str] | None, seen_ids: dict[str, int],
                   seen_terms: dict[str, str], problems: list[str],
                   kind: str = "frames") -> Concept | None:
    if not isinstance(raw, Mapping):
        problems.append(f"concept #{index}: must be a mapping with keys id, label, variants, sources")
        return None
    cid = raw.get("id")
    where = f"concept '{cid}'" if isinstance(cid, str) else f"concept #{index}"
    _unknown_keys(raw, _CONCEPT_KEYS, where, problems)
    if not isinstance(cid, str) or not _SLUG.match(cid):
        problems.append(f"{where}: 'id' must be a lower-case slug such as 'crimea-2014'; got {cid!r}")
    elif cid in seen_ids:
        problems.append(f"{where} (concept #{index}): concept #{seen_ids[cid]} has the same id; "
                        "give each concept its own id")
    else:
        seen_ids[cid] = index
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{where}: 'label' must be a non-empty text")
    sources = _str_list(raw.get("sources"), f"{where}: 'sources'", problems, required=True)
    exclude = _str_list(raw.get("exclude", []), f"{where}: 'exclude'", problems, required=False)
    excluded = {term_key(e) for e in exclude}
    variants_raw = raw.get("variants")
    variants: list[Variant] = []
    minimum = 1 if kind == "categories" else 2
    if not isinstance(variants_raw, list) or len(variants_raw) < minimum:
        need = ("at least one variant" if minimum == 1
                else "at least two ways of naming the concept")
        problems.append(f"{where}: 'variants' must list {need}")
        variants_raw = variants_raw if isinstance(variants_raw, list) else []
    for j, vraw in enumerate(variants_raw, 1):
        v = _parse_variant(vraw, f"{where} variant #{j}", frame_names, problems, kind)
        if v is None:
            continue
        for term in v.terms:
            key = term_key(term)
            if key in excluded:
                problems.append(f"{where}: term '{term}' is also an 'exclude' phrase of the "
                                "concept, so it can never be a hit; remove one of them")
            owner = seen_terms.get(key)
            if owner is not None:
                problems.append(
                    f"{where}: term '{term}' is already listed in {owner}; a term may name only "
                    "one concept and appear once — remove one of them"
                )
            else:
                seen_terms[key] = where
        variants.append(v)
    # only when every variant was read: with one left out (reported above) the rest may
    # well share a frame, and the message would blame the wrong thing
    if (kind == "frames" and variants and len(variants) == len(variants_raw)
            and len({v.frame for v in variants}) < 2):
        problems.append(f"{where}: all variants carry frame '{variants[0].frame}'; a concept needs "
                        "variants with at least two different frames (or one pole and 'neutral')")
    if not isinstance(cid, str) or not isinstance(label, str):
        return None
    return Concept(id=cid, label=label.strip(), variants=tuple(variants), exclude=tuple(exclude),
                   sources=tuple(sources))


def _parse_variant(raw: Any, where: str, frame_names: set[str] | None, problems: list[str],
                   kind: str = "frames") -> Variant | None:
    if not isinstance(raw, Mapping):
        example = "{terms: [claimed], category: doubt-verb}" if kind == "categories" else (
            "{terms: [annexation], frame: ukraine}")
        problems.append(f"{where}: must be a mapping such as {example}")
        return None
    key, other = ("category", "frame") if kind == "categories" else ("frame", "category")
    allowed = tuple(k for k in _VARIANT_KEYS if k != other)
    if other in raw:
        problems.append(f"{where}: a {kind} lexicon's variants name their {key} with '{key}', "
                        f"not '{other}'; rename the key")
    _unknown_keys({k: v for k, v in raw.items() if k != other}, allowed, where, problems)
    terms = _str_list(raw.get("terms"), f"{where}: 'terms'", problems, required=True)
    for term in terms:
        # checked as matching sees it: dashes, apostrophes and accents are folded first, so
        # "pro–Russia" (en dash) is the term "pro-Russia"
        t = normalize(term.strip()).text
        if not _TERM_OK.match(t):
            problems.append(
                f"{where}: term {term!r} can never match: terms are words separated by spaces, "
                "hyphens, apostrophes or abbreviation periods (no regular-expression syntax), "
                "starting with a letter or digit"
            )
        elif t[-1] in "-'\u2019":
            problems.append(
                f"{where}: term {term!r} can never match a word: it ends with {term.strip()[-1]!r}, and "
                "matches stop at whole words; write the whole word (e.g. 'anti-war') instead"
            )
        elif not term_key(t):
            problems.append(f"{where}: term {term!r} is empty after normalisation; remove it")
    frame = raw.get(key)
    if frame_names is not None and frame != NEUTRAL and frame not in frame_names:
        allowed_frames = ", ".join(sorted(frame_names | {NEUTRAL}))
        problems.append(f"{where}: unknown {key} {frame!r}; use one of: {allowed_frames}")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0:
        problems.append(f"{where}: 'weight' must be a positive number; got {weight!r}")
        weight = 1.0
    notes = raw.get("notes", "")
    if not isinstance(notes, str):
        problems.append(f"{where}: 'notes' must be text")
        notes = ""
    since = _date(raw.get("since"), f"{where}: 'since'", problems)
    until = _date(raw.get("until"), f"{where}: 'until'", problems)
    if since and until and since >= until:
        problems.append(f"{where}: 'since' ({since}) must come before 'until' ({until})")
    inflect = raw.get("inflect")
    if inflect is not None and not isinstance(inflect, bool):
        problems.append(f"{where}: 'inflect' must be true or false; got {inflect!r}")
        inflect = None
    if not terms:
        return None
    return Variant(terms=tuple(t.strip() for t in terms), frame=str(frame), weight=float(weight),
                   notes=notes.strip(), since=since, until=until, inflect=inflect)


def _str_list(value: Any, where: str, problems: list[str], *, required: bool) -> list[str]:
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        problems.append(f"{where} must be a {'non-empty ' if required else ''}list of texts")
        return []
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            problems.append(f"{where} has an empty or non-text item {item!r}; remove it")
        else:
            out.append(item)
    return out


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    hint = ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
                hint = " — that is not a calendar date; check the month (1-12) and the day"
    problems.append(f"{where} must be an ISO date such as 2019-08-14; got {value!r}{hint}")
    return None
