"""One call from articles to hits and scores: the path every face of the library shares.

``analyse(articles, lexicon)`` runs matching then scoring and returns an :class:`Analysis`
holding the hit table and the article and outlet score tables, with the lexicon and the settings
that produced them (for provenance in exports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import pandas as pd

from .lexicon import Lexicon, load_lexicon
from .matching import Matcher, compile_lexicon, hits_table
from .models import Article
from .scoring import DEFAULT_VOICES, _check_voices, article_scores, outlet_scores, variant_table

__all__ = ["Analysis", "analyse"]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Hits and scores of a batch of articles under one lexicon.

    Attributes
    ----------
    lexicon : Lexicon
    voices : tuple of str
        Voices that were scored.
    articles : tuple of Article
    hits : DataFrame
        :data:`framing.matching.HIT_COLUMNS`.
    article_scores : DataFrame
        See :func:`framing.scoring.article_scores`.
    outlet_scores : DataFrame
        See :func:`framing.scoring.outlet_scores`.
    """

    lexicon: Lexicon
    voices: tuple[str, ...]
    articles: tuple[Article, ...]
    hits: pd.DataFrame
    article_scores: pd.DataFrame
    outlet_scores: pd.DataFrame

    def variants(self, outlets: Sequence[str] | None = None) -> pd.DataFrame:
        """Which variant each outlet used per concept (:func:`framing.scoring.variant_table`)."""
        return variant_table(self.articles, self.hits, outlets)

    def hits_of(self, article_id: str) -> pd.DataFrame:
        """The hits of one article, in text order."""
        return self.hits[self.hits["article_id"] == article_id]


def analyse(articles: Iterable[Article], lexicon: Lexicon | Matcher | str = "russia-ukraine", *,
            voices: Sequence[str] = DEFAULT_VOICES, hits: pd.DataFrame | None = None) -> Analysis:
    """Match and score a batch of articles.

    Parameters
    ----------
    articles : iterable of Article
    lexicon : Lexicon, Matcher or str
        A lexicon, an already compiled matcher (reuse it across calls: compiling costs more than
        matching a few articles), or a shipped lexicon's name / a YAML path.
    voices : sequence of str
        Voices to score (default ``("authorial",)``).
    hits : DataFrame, optional
        Hits already found for exactly these articles with this lexicon (e.g. from the store's
        hit cache, keyed by article id and lexicon hash); matching is skipped when given.

    Raises
    ------
    LexiconError
        ``lexicon`` names a missing or invalid lexicon.
    ScoringError
        ``voices`` holds an unknown voice.
    """
    voices = _check_voices(voices)
    if isinstance(lexicon, Matcher):
        matcher = lexicon
    else:
        matcher = compile_lexicon(lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon))
    articles = tuple(articles)
    if hits is None:
        hits = hits_table(articles, matcher)
    lex = matcher.lexicon
    return Analysis(
        lexicon=lex,
        voices=voices,
        articles=articles,
        hits=hits,
        article_scores=article_scores(articles, hits, lex, voices=voices),
        outlet_scores=outlet_scores(articles, hits, lex, voices=voices),
    )
