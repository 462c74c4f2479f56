"""The first slice's acceptance cases on real data: the seed article and RUWA."""

from __future__ import annotations

import datetime as dt

import pytest

from framing import analyse, load_articles, load_lexicon
from framing.text import quote_spans
from helpers import data_path, seed_path


@pytest.fixture(scope="module")
def seed_result():
    report = load_articles([seed_path()])
    assert report.problems == ()
    return analyse(report.articles, "russia-ukraine")


def test_seed_metadata_and_body(seed_result):
    (article,) = seed_result.articles
    assert (article.outlet, article.date, article.title) == (
        "Press TV", dt.date(2015, 9, 22), "Ukraine, NATO agree to expansion of cooperation")
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 13
    assert all(p.rstrip()[-1] in '.!?"\u201d' for p in paragraphs)
    assert "mailing list" not in article.text and "donation" not in article.text
    assert "Iran Press TV" not in article.text and "2:47PM" not in article.text


def test_seed_reunification_is_authorial_kremlin_hit(seed_result):
    hits = seed_result.hits
    crimea = hits[hits["concept"] == "crimea-2014"]
    assert len(crimea) == 1
    row = crimea.iloc[0]
    assert (row.frame, row.voice, bool(row.loaded)) == ("kremlin", "authorial", True)
    assert row.text.lower().startswith("reunification")


def test_seed_quotations_found(seed_result):
    (article,) = seed_result.articles
    quotes = [article.document[q.start:q.end] for q in quote_spans(article.document)]
    assert len(quotes) == 2
    assert quotes[0].startswith('"Three important agreements have been signed.')
    assert quotes[0].endswith('strategic communications,"')
    assert quotes[1] == '"unprofessional actions"'


def test_seed_kiev_hits_follow_the_date_rule(seed_result):
    hits = seed_result.hits
    kiev = hits[hits["text"].str.contains("Kiev")]
    assert len(kiev) == 3
    assert not kiev["loaded"].any()
    assert kiev["note"].str.contains("dated 2015-09-22").all()
    assert kiev["note"].str.contains("since 2019-08-14").all()


def test_seed_index_leans_kremlin(seed_result):
    row = seed_result.article_scores.iloc[0]
    assert row.lean == "kremlin"
    assert row["index"] > 0 and row.ci_low > 0
    scored = seed_result.hits[seed_result.hits["loaded"] & (seed_result.hits["voice"] == "authorial")]
    assert set(scored["frame"]) == {"kremlin"}


@pytest.fixture(scope="module")
def ruwa_outlets():
    report = load_articles([data_path("ruwa")])
    return analyse(report.articles, load_lexicon("russia-ukraine")).outlet_scores.set_index("outlet")


@pytest.mark.parametrize("outlet", ["RT", "TASS", "News Front"])
def test_ruwa_state_media_lean_kremlin(ruwa_outlets, outlet):
    row = ruwa_outlets.loc[outlet]
    assert row.lean == "kremlin" and row["index"] > 0.5 and row.ci_low > 0
    assert row.n_scored >= 20


@pytest.mark.parametrize("outlet", ["BBC News", "Reuters", "Al Jazeera", "Ukrinform"])
def test_ruwa_other_outlets_lean_ukraine(ruwa_outlets, outlet):
    row = ruwa_outlets.loc[outlet]
    assert row.lean == "ukraine" and row["index"] < -0.3 and row.ci_high < 0
    assert row.n_scored >= 100
