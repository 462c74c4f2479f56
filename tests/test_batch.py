"""framing.batch: batch tables, exact per-outlet partial counts, outlet scores from summed counts."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

from framing.batch import (
    ARTICLE_COLUMNS,
    BatchError,
    articles_frame,
    frame_articles,
    outlet_counts,
    outlet_scores_from_counts,
    score_batch,
    sum_counts,
)
from framing.datasets import load_dataset
from framing.lexicon import load_lexicon
from framing.matching import compile_lexicon, hits_table
from framing.models import Article
from framing.scoring import article_scores, outlet_scores

from helpers import MINI_LEXICON, data_path

D1, D2 = dt.date(2022, 3, 1), dt.date(2022, 3, 2)
ARTICLES = [
    # RT: three authorial kremlin hits ("Kiev regime" wins over "Kiev"; pro-Russia forces weighs 2)
    Article.make(title="Kiev regime falls", text="Reunification of Crimea. Pro-Russia forces "
                 "advance.", outlet="RT", date=D1),
    # RT: "Kyiv" authorial; the attributed quotation "annexation" is quoted, so not scored
    Article.make(text='Kyiv said "annexation" is wrong.', outlet="RT", date=D2),
    # BBC News: two authorial ukraine hits
    Article.make(text="The annexation of Crimea was illegal. Kyiv protested.", outlet="BBC News",
                 date=D1),
    # no outlet, no hit
    Article.make(text="Nothing here."),
    # BBC News, undated: capital has a dated variant, so neither hit is loaded (none scored)
    Article.make(text="Kyiv and Kiev.", outlet="BBC News"),
]


@pytest.fixture(scope="module")
def mini():
    return compile_lexicon(load_lexicon(MINI_LEXICON))


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain objects: pandas' str/object choice for a column of outlet names
    is not part of the result (values and numeric dtypes are compared exactly)."""
    return frame.astype({c: object for c in frame.columns
                         if pd.api.types.is_string_dtype(frame[c].dtype)})


def _counts(articles, matcher, **kw):
    return outlet_counts(articles, hits_table(articles, matcher), matcher.lexicon, **kw)


def test_outlet_counts_by_hand(mini):
    counts = _counts(ARTICLES, mini)
    assert counts.totals.to_dict("records") == [
        {"outlet": "(unknown outlet)", "n_articles": 1, "n_articles_scored": 0, "n_hits": 0,
         "n_words": 0},
        {"outlet": "BBC News", "n_articles": 2, "n_articles_scored": 1, "n_hits": 4, "n_words": 0},
        {"outlet": "RT", "n_articles": 2, "n_articles_scored": 2, "n_hits": 5, "n_words": 0},
    ]
    assert [tuple(r) for r in counts.scored.itertuples(index=False)] == [
        ("BBC News", "capital", "ukraine", 1.0, 1),
        ("BBC News", "crimea", "ukraine", 1.0, 1),
        ("RT", "armed-groups", "kremlin", 2.0, 1),
        ("RT", "capital", "ukraine", 1.0, 1),
        ("RT", "crimea", "kremlin", 1.0, 1),
        ("RT", "government", "kremlin", 1.0, 1),
    ]
    quoted_too = _counts(ARTICLES, mini, voices=("authorial", "quoted"))
    assert ("RT", "crimea", "ukraine", 1.0, 1) in set(quoted_too.scored.itertuples(index=False))


def test_outlet_scores_from_counts_by_hand(mini):
    table = outlet_scores_from_counts(_counts(ARTICLES, mini), mini.lexicon)
    assert list(table["outlet"]) == ["RT", "BBC News", "(unknown outlet)"]
    # RT: armed-groups +1 (weight 2 on the first pole), capital -1, crimea +1, government +1
    assert table.loc[0, "index"] == (1 - 1 + 1 + 1) / 4 and table.loc[0, "n_pos"] == 4.0
    assert table.loc[1, "index"] == -1.0 and table.loc[1, "n_neg"] == 2.0
    assert np.isnan(table.loc[2, "index"]) and table.loc[2, "lean"] == ""


def test_split_batches_sum_to_the_whole_in_any_order(mini):
    whole = _counts(ARTICLES, mini)
    expected = outlet_scores(ARTICLES, hits_table(ARTICLES, mini), mini.lexicon)
    for split in ([0, 2], [1], [3, 4]), ([4], [0, 1, 2, 3]), ([i] for i in range(5)):
        parts = [_counts([ARTICLES[i] for i in idx], mini) for idx in split]
        for order in itertools.permutations(parts):
            summed = sum_counts(order)
            pd.testing.assert_frame_equal(summed.totals, whole.totals, check_exact=True)
            pd.testing.assert_frame_equal(summed.scored, whole.scored, check_exact=True)
        got = outlet_scores_from_counts(sum_counts(parts), mini.lexicon)
        pd.testing.assert_frame_equal(_plain(got), _plain(expected), check_exact=True)


@pytest.mark.parametrize("name", ["russia-ukraine", "us-politics", "loaded-language"])
def test_equals_outlet_scores_on_real_data(name):
    """Every shipped lexicon (loaded-language has categories, no poles) on 3,000 RUWA rows,
    summed over six batches, gives exactly the table of one call."""
    articles = list(load_dataset("ruwa", data_path("ruwa")).articles)[::5][:3000]
    matcher = compile_lexicon(load_lexicon(name))
    hits = hits_table(articles, matcher)
    for voices in (("authorial",), ("authorial", "quoted", "distanced")):
        expected = outlet_scores(articles, hits, matcher.lexicon, voices=voices)
        parts = []
        for i in range(0, len(articles), 500):
            batch = articles[i:i + 500]
            batch_hits = hits[hits["article_id"].isin({a.id for a in batch})]
            parts.append(outlet_counts(batch, batch_hits, matcher.lexicon, voices=voices))
        got = outlet_scores_from_counts(sum_counts(parts), matcher.lexicon)
        pd.testing.assert_frame_equal(_plain(got), _plain(expected), check_exact=True)


def test_no_batches_give_an_empty_outlet_table(mini):
    table = outlet_scores_from_counts(sum_counts([]), mini.lexicon)
    assert len(table) == 0
    full = outlet_scores(ARTICLES, hits_table(ARTICLES, mini), mini.lexicon)
    assert list(table.columns) == list(full.columns)
    assert dict(_plain(table).dtypes.astype(str)) == dict(_plain(full).dtypes.astype(str))


def test_score_batch_equals_the_single_functions(mini):
    result = score_batch(articles_frame(ARTICLES), mini)
    hits = hits_table(ARTICLES, mini)
    pd.testing.assert_frame_equal(result.hits, hits, check_exact=True)
    pd.testing.assert_frame_equal(result.article_scores,
                                  article_scores(ARTICLES, hits, mini.lexicon), check_exact=True)
    assert result.counts.totals["n_hits"].sum() == len(hits) == 9


def test_frame_round_trip_and_column_rules():
    frame = articles_frame(ARTICLES)
    assert tuple(frame.columns) == ARTICLE_COLUMNS
    assert frame_articles(frame) == ARTICLES
    # ids are kept as given; without the column they come from the content
    assert frame_articles(frame.assign(article_id="x"))[0].id == "x"
    assert [a.id for a in frame_articles(frame.drop(columns="article_id"))] == [
        a.id for a in ARTICLES]
    # dates: date objects, timestamps, ISO text and missing values
    dates = pd.DataFrame({"text": ["a", "b", "c", "d", "e"],
                          "date": [D1, pd.Timestamp("2022-03-02 13:00"), "2022-03-01", None,
                                   float("nan")]})
    assert [a.date for a in frame_articles(dates)] == [D1, D2, D1, None, None]
    only_text = frame_articles(pd.DataFrame({"text": ["Kyiv"]}))[0]
    assert (only_text.outlet, only_text.title, only_text.date) == ("", "", None)


def test_bad_batches_say_what_to_do():
    with pytest.raises(BatchError, match="needs a 'text' column; it has body"):
        frame_articles(pd.DataFrame({"body": ["Kyiv"]}))
    with pytest.raises(BatchError, match="must be a pandas DataFrame, got list"):
        frame_articles([{"text": "Kyiv"}])
    with pytest.raises(BatchError, match="row 0: date 17 is a int"):
        frame_articles(pd.DataFrame({"text": ["Kyiv"], "date": [17]}, dtype=object))
