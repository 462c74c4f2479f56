"""Scores and intervals against values computed by hand."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pandas as pd
import pytest

from framing import Article, analyse, load_lexicon
from framing.errors import ScoringError
from framing.scoring import jeffreys_interval, jeffreys_intervals
from helpers import MINI_LEXICON

D = dt.date(2022, 5, 1)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon(MINI_LEXICON)


def test_jeffreys_interval_closed_form_for_no_evidence():
    # Beta(1/2, 1/2) is the arcsine law: F(x) = (2/pi) asin(sqrt x), so its q-quantile is
    # sin(pi q / 2)^2; the score interval is 2x - 1.
    lo, hi = jeffreys_interval(0, 0)
    assert lo == pytest.approx(2 * math.sin(math.pi * 0.025 / 2) ** 2 - 1, abs=1e-12)
    assert hi == pytest.approx(2 * math.sin(math.pi * 0.975 / 2) ** 2 - 1, abs=1e-12)


def test_jeffreys_quantiles_are_scipy_stats_beta_ppf():
    # scoring inverts the regularised incomplete beta with scipy.special (cheap to import);
    # it must give exactly the Beta quantiles of scipy.stats, the reference implementation.
    from scipy.stats import beta

    from framing.scoring import jeffreys_intervals

    n_pos = np.r_[np.arange(0, 60, 0.5), [0.25, 3.75, 1e4, 123456.5]]
    n_neg = np.r_[np.arange(60, 0, -0.5), [7.5, 0.0, 9999.0, 0.5]]
    lo, hi = jeffreys_intervals(n_pos, n_neg)
    tail = (1 - 0.95) / 2  # as scoring computes it (0.025000000000000022)
    expected_lo = 2 * beta.ppf(tail, n_pos + 0.5, n_neg + 0.5) - 1
    expected_hi = 2 * beta.ppf(1 - tail, n_pos + 0.5, n_neg + 0.5) - 1
    boundary_lo = (n_pos == 0) & (n_neg > 0)
    boundary_hi = (n_neg == 0) & (n_pos > 0)
    assert np.array_equal(lo[~boundary_lo], expected_lo[~boundary_lo])
    assert np.array_equal(hi[~boundary_hi], expected_hi[~boundary_hi])
    assert (lo[boundary_lo] == -1).all() and (hi[boundary_hi] == 1).all() and boundary_hi.any()


def test_jeffreys_boundary_rule_and_symmetry():
    lo, hi = jeffreys_interval(3, 0)
    assert hi == 1.0 and -1 < lo < 1
    lo2, hi2 = jeffreys_interval(0, 3)
    assert (lo2, hi2) == (-1.0, pytest.approx(-lo))
    a, b = jeffreys_interval(2, 5)
    c, d = jeffreys_interval(5, 2)
    assert (a, b) == (pytest.approx(-d), pytest.approx(-c))


def test_article_index_averages_concepts_with_weights(lexicon):
    # crimea: 3 kremlin ("reunification" x3) vs 1 ukraine -> (3-1)/4 = 0.5
    # armed-groups: "pro-Russia forces" weight 2 vs "Russian-backed separatists" weight 1
    #   -> (2-1)/3 = 1/3
    # index = (0.5 + 1/3) / 2 = 5/12
    text = ("Reunification. Reunification. Reunification. Annexation. "
            "Pro-Russia forces moved. Russian-backed separatists moved.")
    result = analyse([Article.make(text=text, date=D, outlet="X")], lexicon)
    row = result.article_scores.iloc[0]
    assert row["index"] == pytest.approx(5 / 12, abs=1e-12)
    assert (row.n_pos, row.n_neg, row.n_scored, row.n_concepts) == (5.0, 2.0, 6, 2)
    # normal approximation: sd^2 = sum Var_c / k^2, Var_c = 4ab/((a+b)^2 (a+b+1))
    var = sum(4 * a * b / ((a + b) ** 2 * (a + b + 1)) for a, b in ((3.5, 1.5), (2.5, 1.5)))
    half = 1.959963984540054 * math.sqrt(var) / 2
    assert row.ci_low == pytest.approx(5 / 12 - half, abs=1e-12)
    assert row.ci_high == pytest.approx(min(1.0, 5 / 12 + half), abs=1e-12)


def test_quoted_hits_count_only_when_asked(lexicon):
    text = 'The minister said: "Crimea chose reunification with Russia in a free vote." Annexation.'
    article = Article.make(text=text, date=D, outlet="X")
    default = analyse([article], lexicon).article_scores.iloc[0]
    assert (default["index"], default.n_hits, default.n_scored) == (-1.0, 2, 1)
    both = analyse([article], lexicon, voices=("authorial", "quoted")).article_scores.iloc[0]
    assert both["index"] == 0.0 and both.lean == "unclear"


def test_outlet_pools_hits_per_concept(lexicon):
    articles = [
        Article.make(text="Kyiv. Kyiv. Annexation.", outlet="A", date=D),
        Article.make(text="Kiev said.", outlet="A", date=D),
        Article.make(text="Nothing loaded here.", outlet="A", date=D),
        Article.make(text="Reunification.", outlet="B", date=D),
    ]
    table = analyse(articles, lexicon).outlet_scores.set_index("outlet")
    # A: capital 1 kremlin vs 2 ukraine -> -1/3; crimea 0 vs 1 -> -1; index -2/3
    assert table.loc["A", "index"] == pytest.approx(-2 / 3)
    assert table.loc["A", ["n_articles", "n_articles_scored", "n_hits", "n_scored"]].tolist() == [3, 2, 4, 4]
    assert table.loc["B", "index"] == 1.0 and table.loc["B", "ci_high"] == 1.0
    assert list(table.index) == ["B", "A"]  # sorted by index, the +1 pole first


def test_no_hits_gives_nan_index_and_full_interval(lexicon):
    result = analyse([Article.make(text="Weather report.", outlet="C")], lexicon)
    row = result.article_scores.iloc[0]
    assert math.isnan(row["index"]) and (row.ci_low, row.ci_high, row.lean) == (-1.0, 1.0, "")
    assert result.hits.empty and isinstance(result.hits, pd.DataFrame)


def test_unknown_voice_is_a_clear_error(lexicon):
    with pytest.raises(ScoringError, match="unknown voice.*authorial, quoted, distanced"):
        analyse([Article.make(text="x")], lexicon, voices=("authorial", "sarcastic"))
    with pytest.raises(ScoringError, match="^no voice chosen; choose one or more of authorial"):
        analyse([Article.make(text="x")], lexicon, voices=())


def test_variant_table(lexicon):
    articles = [Article.make(text='Kyiv. "Kyiv"', outlet="A", date=D),
                Article.make(text="Kiev.", outlet="B", date=dt.date(2015, 1, 1))]
    table = analyse(articles, lexicon).variants()
    assert table.to_dict("records") == [
        {"outlet": "A", "concept": "capital", "variant": "Kyiv", "frame": "ukraine",
         "n_hits": 2, "n_authorial": 1, "n_scored": 1},
        {"outlet": "B", "concept": "capital", "variant": "Kiev", "frame": "kremlin",
         "n_hits": 1, "n_authorial": 1, "n_scored": 0},
    ]


@pytest.mark.parametrize("name", ["russia-ukraine", "loaded-language"])
def test_no_articles_gives_empty_tables_with_every_column(name):
    # an empty selection (a filter that matches nothing) used to fail inside a pandas merge
    result = analyse([], name)
    assert len(result.article_scores) == 0 and len(result.outlet_scores) == 0
    assert list(result.outlet_scores.columns[:12]) == [
        "outlet", "n_articles", "n_articles_scored", "n_hits", "n_scored", "n_concepts",
        "n_pos", "n_neg", "index", "ci_low", "ci_high", "lean"]


def test_vectorised_jeffreys_intervals_equal_the_scalar_ones_exactly():
    # Grid of weighted counts incl. no evidence (0, 0), both boundary cases (one count 0),
    # fractional weights and large counts; the arrays must match the scalar function bit for bit.
    counts = [0, 0.25, 0.5, 1, 1.5, 2, 3, 7, 10, 41.75, 1000]
    pairs = list(itertools.product(counts, counts))
    n_pos = np.array([p for p, _ in pairs])
    n_neg = np.array([n for _, n in pairs])
    for level in (0.95, 0.5):
        lo, hi = jeffreys_intervals(n_pos, n_neg, level=level)
        assert lo.dtype == hi.dtype == np.float64 and lo.shape == hi.shape == (len(pairs),)
        expected = [jeffreys_interval(p, n, level=level) for p, n in pairs]
        assert lo.tolist() == [e[0] for e in expected]
        assert hi.tolist() == [e[1] for e in expected]
    lo, hi = jeffreys_intervals(n_pos, n_neg)
    assert (hi[(n_neg == 0) & (n_pos > 0)] == 1.0).all()
    assert (lo[(n_pos == 0) & (n_neg > 0)] == -1.0).all()
    both_zero = (n_pos == 0) & (n_neg == 0)
    assert (-1 < lo[both_zero]).all() and (hi[both_zero] < 1).all()
    empty = jeffreys_intervals([], [])
    assert [x.shape for x in empty] == [(0,), (0,)]
