"""framing.counts: term counts in batches add up to exactly the single-process contrast.

Expected counts are written out by hand for tiny texts; the batch tests compare the summed,
scored batches with :func:`framing.contrast.contrast` on all articles at once, value for value.
"""

from __future__ import annotations

import doctest
import gzip
import json
import math

import pandas as pd
import pytest

import framing.counts
from framing.contrast import ContrastError, contrast, result_from_counts, score_terms
from framing.counts import (LineCounts, TermCounts, count_terms, line_counts, mask_sequences,
                            prepare_batch)
from framing.models import Article
from tests.helpers import data_path


def _art(text, outlet, **labels):
    return Article.make(text=text, outlet=outlet, labels=tuple(labels.items()))


# a footer repeated in three CNN articles that land in three different batches: boilerplate
# only when the batches' line counts are summed
FOOTER = "Follow the harbour story for 24 updates."
A = [_art(f"CNN says the harbour vote failed.\n{FOOTER}", "CNN"),
     _art(f"The harbour plan, CNN learned, stalled again.\n{FOOTER}", "CNN"),
     _art(f"Harbour vote delayed. The plan stalled.\n{FOOTER}", "CNN"),
     _art("Critics of the harbour plan spoke.", "CNN")]
B = [_art("Fox News hails the harbour plan. The plan passed.", "Fox News"),
     _art("The harbour plan passed; Fox News cheered.", "Fox News"),
     _art("Harbour plan passed. Critics fumed.", "Fox News")]
BG = [_art("The harbour plan and the port plan were debated.", "Ledger"),
      _art("Port workers debated the harbour vote.", "Ledger")]
SCORE = dict(min_count=1, min_docs=1, stop_words=(), ngrams=(1, 3))


def _batches():
    return [(A[:1], B[:1], BG[:1]), (A[1:2], B[1:], ()), (A[2:], (), BG[1:])]


def test_batches_sum_to_the_single_process_contrast():
    mask = mask_sequences({"CNN", "Fox News"})
    lines = LineCounts.sum(line_counts(a, b, g) for a, b, g in _batches())
    boiler = lines.boilerplate(3)
    assert ("CNN", "follow the harbour story for # updates.") in boiler
    parts = [count_terms(a, b, g, mask=mask, boilerplate=boiler) for a, b, g in _batches()]
    total = TermCounts.sum(parts)
    assert total.articles == (4, 3, 2)
    expected = contrast(A, B, background=A + B + BG, **SCORE)
    got = score_terms(total, **SCORE)
    pd.testing.assert_frame_equal(got, expected.terms)
    assert "updates" not in set(got["term"]) and "cnn" not in set(got["term"])
    result = result_from_counts(total, A, B, unit="occurrences", settings=dict(
        events_only=False, boilerplate_min=3), **SCORE)
    assert result.settings == expected.settings
    assert (result.ngrams_a, result.ngrams_b) == (expected.ngrams_a, expected.ngrams_b)
    assert result.summary() == expected.summary()
    # the same parts added in another order score the same
    pd.testing.assert_frame_equal(score_terms(parts[2] + parts[0] + parts[1], **SCORE), got)
    # without the summed boilerplate pass the footer would be counted
    alone = TermCounts.sum(count_terms(a, b, g, mask=mask) for a, b, g in _batches())
    assert "updates" in set(score_terms(alone, **SCORE)["term"])


def test_count_terms_by_hand():
    counts = count_terms(["Red tide, red tide. Red"], ["Blue tide"], ["red sky"], max_n=2)
    rows = {r["term"]: r for r in counts.table.to_pylist()}
    # A: red tide | red tide | red -> red 3, tide 2, "red tide" 2; B: blue tide; bg: red sky
    assert {k: v for k, v in rows["red"].items() if k != "term"} == dict(
        n=1, count_a=3, count_b=0, count_bg=1, docs_a=1, docs_b=0, docs_bg=1)
    assert (rows["red tide"]["count_a"], rows["red tide"]["docs_a"]) == (2, 1)
    assert (rows["tide"]["count_a"], rows["tide"]["count_b"]) == (2, 1)
    assert "tide red" not in rows  # a comma and a full stop are breaks
    assert counts.totals() == {1: (5, 2), 2: (2, 1)}
    assert counts.articles == (1, 1, 1)
    lean = count_terms(["Red tide"], ["Blue tide"], ["red sky"], max_n=2, background_only=False)
    assert "sky" not in set(lean.table["term"].to_pylist())


def test_line_counts_add_articles_per_outlet_and_key():
    one = line_counts([_art("Updated 3:15 PM\nBody one.", "X")])
    two = line_counts([_art("Updated 9:02 AM\nBody two.", "X"), _art("Updated 1:00 PM", "Y")])
    rows = {(r["outlet"], r["key"]): r["articles"] for r in (one + two).table.to_pylist()}
    assert rows[("X", "updated #:# pm")] == 1 and rows[("X", "updated #:# am")] == 1
    assert rows[("Y", "updated #:# pm")] == 1
    assert (one + two).boilerplate(2) == frozenset()
    three = one + line_counts([_art("Updated 4:44 PM", "X")])
    assert three.boilerplate(2) == {("X", "updated #:# pm")}
    assert three.boilerplate(0) == frozenset()


def test_unit_articles_counts_each_article_once_by_hand():
    a = ["crisis crisis crisis", "crisis talks"]
    b = ["talks", "talks again"]
    result = contrast(a, b, ngrams=(1, 1), stop_words=(), min_count=1, min_docs=1,
                      boilerplate_min=0, alpha0=10.0, unit="articles")
    # article counts: A crisis 2, talks 1 (n=3); B talks 2, again 1 (n=3); bg = A + B
    n_a, n_b, a0 = 3.0, 3.0, 10.0
    aw = a0 * 3.0 / 6.0  # talks is in 3 of the 6 (term, article) pairs
    ya, yb = 1.0, 2.0
    delta = math.log((ya + aw) / (n_a + a0 - ya - aw)) - math.log((yb + aw) / (n_b + a0 - yb - aw))
    row = result.terms.set_index("term").loc["talks"]
    assert row["z"] == pytest.approx(delta / math.sqrt(1 / (ya + aw) + 1 / (yb + aw)), abs=1e-12)
    assert (row["count_a"], row["docs_a"]) == (1, 1)
    assert row["rate_a"] == pytest.approx(1000.0 / 5.0, abs=1e-12)  # rates stay per occurrence
    assert result.settings["unit"] == "articles"
    with pytest.raises(ContrastError, match="unit"):
        contrast(a, b, unit="words")


def test_mismatched_parts_and_ranges_raise():
    one = count_terms(["a b"], ["c d"], max_n=1)
    two = count_terms(["a b"], ["c d"], max_n=2)
    with pytest.raises(ContrastError, match="max_n"):
        one + two
    with pytest.raises(ContrastError, match="no parts"):
        TermCounts.sum([])
    with pytest.raises(ContrastError, match="counted up to 1"):
        score_terms(one, ngrams=(1, 2))
    with pytest.raises(ContrastError, match="max_n"):
        count_terms(["a"], ["b"], max_n=6)


def test_prepared_batch_tokens_match_counted_streams():
    batch = prepare_batch(A[:1], B[:1])
    mask = mask_sequences({"CNN", "Fox News"})
    # "CNN" masked; the full stop and the line break are one break each
    assert batch.tokens(mask=mask)[0] == ["|", "says", "the", "harbour", "vote", "failed", "|",
                                          "|", "follow", "the", "harbour", "story", "for", "24",
                                          "updates", "|"]


def test_module_example_runs():
    failures, tried = doctest.testmod(framing.counts, verbose=False)
    assert tried > 0 and failures == 0


def allsides_fox_cnn(limit: int) -> tuple[list[Article], list[Article]]:
    """The first ``limit`` Fox News and CNN articles of AllSides' part 1 (skips without data)."""
    path = data_path("allsides_article_bias", "articles-part1.jsonl.gz")
    arts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["source"].startswith(("Fox", "CNN")):
                outlet = "Fox News" if r["source"].startswith("Fox") else "CNN"
                arts.append(Article(id=r["ID"], text=r["content_original"] or "",
                                    title=r["title"] or "", outlet=outlet))
            if len(arts) == limit:
                break
    return ([x for x in arts if x.outlet == "Fox News"], [x for x in arts if x.outlet == "CNN"])


def test_allsides_batches_equal_one_process():
    a, b = allsides_fox_cnn(400)
    whole = contrast(a, b)
    cuts = [(a[i::4], b[i::4]) for i in range(4)]
    boiler = LineCounts.sum(line_counts(x, y) for x, y in cuts).boilerplate(3)
    mask = mask_sequences({"Fox News", "CNN"})
    total = TermCounts.sum(count_terms(x, y, mask=mask, boilerplate=boiler) for x, y in cuts)
    pd.testing.assert_frame_equal(score_terms(total), whole.terms)
