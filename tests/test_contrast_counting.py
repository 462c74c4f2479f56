"""framing.counts' vectorised counting against plain Counter-based counting.

The reference here counts n-grams the obvious way — a ``collections.Counter`` over token runs,
a set per article for document frequencies — so the sorted-integer-key counting of
:mod:`framing.counts` is checked against code that shares nothing with it.
"""

from __future__ import annotations

import random
from collections import Counter

from framing.contrast import contrast
import numpy as np

from framing.counts import TermCounts, count_terms, line_counts, mask_sequences
from framing.models import Article
from framing.tokens import segments


def _reference(groups: list[list[list[list[str]]]], max_n: int) -> dict[tuple[str, int], tuple]:
    """{(term, n): (count_a, count_b, count_bg, docs_a, docs_b, docs_bg)} from token runs.

    ``groups`` holds, per group (A, B, background), per article, its runs of tokens.
    """
    occ = [Counter(), Counter(), Counter()]
    docs = [Counter(), Counter(), Counter()]
    for g, articles in enumerate(groups):
        for runs in articles:
            seen = set()
            for run in runs:
                for n in range(1, max_n + 1):
                    for i in range(len(run) - n + 1):
                        gram = (" ".join(run[i:i + n]), n)
                        occ[g][gram] += 1
                        seen.add(gram)
            docs[g].update(seen)
    keys = set().union(*occ)
    return {k: tuple(c[k] for c in occ) + tuple(d[k] for d in docs) for k in keys}


def _table(counts) -> dict[tuple[str, int], tuple]:
    return {(r["term"], r["n"]): (r["count_a"], r["count_b"], r["count_bg"], r["docs_a"],
                                  r["docs_b"], r["docs_bg"])
            for r in counts.table.to_pylist()}


FOOTER = "Sign up for the Harbour Brief, every 2 days."  # a prompt line: dropped
REPEAT = "Harbour coverage continues all week."          # in 3 CNN articles: boilerplate
A = [Article.make(text="WASHINGTON (CNN) - The harbour vote failed.\nCNN said the vote failed"
                  f"\n{REPEAT}\n{FOOTER}", outlet="CNN"),
     Article.make(text=f"Critics said the harbour plan stalled;\n\nthe plan, CNN learned, stalled"
                  f"\n{REPEAT}", outlet="CNN"),
     Article.make(text=f"{REPEAT}\nHarbour vote delayed again", outlet="CNN")]
B = [Article.make(text="Fox News hails the harbour plan. The plan passed!\nCritics fumed",
                  outlet="Fox News"),
     Article.make(text="The harbour plan passed\r\nFox News cheered the plan", outlet="Fox News")]
BG = [Article.make(text="The port plan and the harbour plan were debated", outlet="Ledger")]

# What is left to count, written out by hand: the dateline "washington (cnn) -" is cut, the
# prompt and the boilerplate lines are dropped, "CNN" and "Fox News" are masked (breaks), and
# punctuation and line breaks end a run.
RUNS_A = [[["the", "harbour", "vote", "failed"], ["said", "the", "vote", "failed"]],
          [["critics", "said", "the", "harbour", "plan", "stalled"], ["the", "plan"],
           ["learned"], ["stalled"]],
          [["harbour", "vote", "delayed", "again"]]]
RUNS_B = [[["hails", "the", "harbour", "plan"], ["the", "plan", "passed"], ["critics", "fumed"]],
          [["the", "harbour", "plan", "passed"], ["cheered", "the", "plan"]]]
RUNS_BG = [[["the", "port", "plan", "and", "the", "harbour", "plan", "were", "debated"]]]


def test_counts_equal_a_counter_over_hand_written_runs():
    boiler = line_counts(A, B, BG).boilerplate(3)
    assert boiler == {("CNN", "harbour coverage continues all week.")}
    mask = mask_sequences({"CNN", "Fox News"})
    counts = count_terms(A, B, BG, max_n=4, mask=mask, boilerplate=boiler)
    expected = _reference([RUNS_A, RUNS_B, RUNS_BG], 4)
    assert _table(counts) == expected
    assert expected[("the harbour plan", 3)] == (1, 2, 1, 1, 2, 1)
    assert expected[("plan", 1)] == (2, 4, 2, 1, 2, 1)
    assert counts.articles == (3, 2, 1)
    assert counts.totals()[1] == (sum(len(r) for a in RUNS_A for r in a),
                                  sum(len(r) for b in RUNS_B for r in b))


def _random_articles(seed: int, articles: int, words: int, vocab: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(articles):
        parts = []
        for _ in range(words):
            parts.append(f"w{rng.randrange(vocab)}")
            r = rng.random()
            parts.append(", " if r < 0.05 else ".\n" if r < 0.08 else " ")
        out.append("".join(parts))
    return out


def test_long_ngrams_of_a_large_vocabulary_equal_a_counter():
    # 30,000 word types: a 4-gram's word codes no longer fit beside the article number in one
    # int64, so the prefixes are numbered first; every row must still be counted and spelled
    a = _random_articles(1, 8, 1200, 30_000)
    b = _random_articles(2, 7, 1200, 30_000)
    bg = _random_articles(3, 3, 500, 30_000)
    # repeat some phrases so that long n-grams occur more than once, across articles
    a = [t + " w1 w2 w3 w4 w5." for t in a]
    b[0] += " w1 w2 w3 w4 w5. w1 w2 w3 w4 w6"
    counts = count_terms(a, b, bg, max_n=5)
    expected = _reference([[segments(t) for t in a], [segments(t) for t in b],
                           [segments(t) for t in bg]], 5)
    assert _table(counts) == expected
    assert expected[("w1 w2 w3 w4 w5", 5)] == (8, 1, 0, 8, 1, 0)
    assert expected[("w1 w2 w3 w4", 4)][:2] == (8, 2)
    # first and last words read off the keys equal those cut from the spelled terms
    rows = np.arange(counts.n.size)
    spelled = TermCounts.from_table(counts.table, counts.max_n, counts.articles)
    first, last = counts.edge_words(rows)
    assert (first.to_pylist(), last.to_pylist()) == tuple(
        x.to_pylist() for x in spelled.edge_words(rows))
    terms = counts.terms(rows).to_pylist()
    assert first.to_pylist() == [t.split()[0] for t in terms]
    assert last.to_pylist() == [t.split()[-1] for t in terms]


def test_contrast_counts_only_terms_of_the_two_groups():
    # background-only n-grams are left out of a one-batch contrast, but shape the prior
    result = contrast(["red tide red tide"], ["blue tide"], background=["red sky at night"],
                      ngrams=(1, 1), min_count=1, min_docs=1, stop_words=())
    assert set(result.terms["term"]) == {"red", "tide", "blue"}
    assert result.terms.set_index("term").loc["red", "background"] == 3
