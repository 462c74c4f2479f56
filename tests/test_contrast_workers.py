"""Counting in forked processes (``workers=2``) gives exactly the one-process counts.

:func:`framing.counts.count_terms` with two workers splits the articles for cleaning and
tokenising and the n-gram keys for counting; the rows must come back identical and in the same
order (same vocabulary numbering, same keys), and :func:`framing.contrast.contrast` must give the
same table. :func:`framing.forks.run_forked` is checked on its own: order of results, errors
raised in a child, a child that dies, and a daemonic caller (which may not fork).
"""

from __future__ import annotations

import multiprocessing as mp
import os

import numpy as np
import pandas as pd
import pytest

from framing.contrast import ContrastError, contrast
from framing.counts import count_terms, line_counts, mask_sequences, prepare_batch
from framing.forks import can_fork, run_forked
from framing.models import Article
from tests.test_contrast_counts import allsides_fox_cnn

needs_fork = pytest.mark.skipif(not can_fork(), reason="this platform cannot fork processes")


def _corpus(n_articles: int, vocab: int, words: int, seed: int = 7) -> list[Article]:
    """Articles of made-up words, with sentence marks, an outlet name and a repeated footer."""
    rng = np.random.default_rng(seed)
    lexicon = [f"w{i}" for i in range(vocab)]
    out = []
    for i in range(n_articles):
        outlet = ("Ledger", "Courier", "CNN")[i % 3]
        picked = rng.integers(0, vocab, size=words)
        text = " ".join(lexicon[k] + (". " if j % 17 == 16 else "") for j, k in
                        enumerate(picked.tolist()))
        footer = "\nSubscribe to the Ledger Daily digest." if outlet == "Ledger" else ""
        out.append(Article.make(text=f"{text} {outlet} reported.{footer}", outlet=outlet,
                                title=f"Story {i}"))
    return out


@needs_fork
def test_two_workers_count_exactly_what_one_counts_row_for_row():
    # 9,000 words need 14 bits: 5-gram keys outgrow an int64 beside 9 bits of article number,
    # so the prefix-numbering branch is taken as well
    arts = _corpus(300, 9000, 120)
    a, b, bg = arts[0::3], arts[1::3], arts[2::3]
    boiler = line_counts(a, b, bg).boilerplate(3)
    mask = mask_sequences({"Ledger", "Courier", "CNN"})
    one = count_terms(a, b, bg, max_n=5, mask=mask, boilerplate=boiler)
    two = count_terms(a, b, bg, max_n=5, mask=mask, boilerplate=boiler, workers=2)
    assert one.articles == two.articles == (100, 100, 100)
    assert np.array_equal(one.n, two.n)
    assert np.array_equal(one.counts, two.counts)
    assert one.table.equals(two.table)
    # what is left to count: 120 made-up words and "reported" per article; the outlet's name
    # is masked, the footer is a prompt ("subscribe") and the titles "Story <i>" are
    # boilerplate (digits blanked, the same line in 100 articles of an outlet)
    unigrams = one.counts[one.n == 1]
    assert int(unigrams[:, :3].sum()) == 300 * (120 + 1)
    assert "cnn" not in set(one.terms(np.flatnonzero(one.n == 1)).to_pylist())


@needs_fork
def test_contrast_table_is_the_same_with_one_or_two_workers():
    arts = _corpus(240, 60, 150, seed=3)  # few words: bigrams and trigrams repeat
    a, b = arts[0::2], arts[1::2]
    one = contrast(a, b, workers=1, min_count=3)
    two = contrast(a, b, workers=2, min_count=3)
    pd.testing.assert_frame_equal(one.terms, two.terms, check_exact=True)
    assert one.ngrams_a == two.ngrams_a and one.ngrams_b == two.ngrams_b
    assert set(one.terms["n"]) == {1, 2, 3}


@needs_fork
def test_allsides_fox_cnn_two_workers_equal_one():
    a, b = allsides_fox_cnn(800)
    one = contrast(a, b, workers=1)
    two = contrast(a, b, workers=2)
    pd.testing.assert_frame_equal(one.terms, two.terms, check_exact=True)
    assert "cnn" not in set(two.terms["term"])


@pytest.mark.parametrize("workers", [0, -1, 1.5, True])
def test_workers_out_of_range_is_a_contrast_error(workers):
    with pytest.raises(ContrastError, match=r"workers=.*expected a whole number of processes"):
        contrast(["a b c"] * 3, ["d e f"] * 3, workers=workers)


# --- framing.forks ------------------------------------------------------------------------------

def test_run_forked_returns_results_in_order():
    assert run_forked([lambda: 1, lambda: os.getpid(), lambda: "three"])[::2] == [1, "three"]
    assert run_forked([]) == []


@needs_fork
def test_run_forked_runs_the_others_in_children():
    here = os.getpid()
    pids = run_forked([os.getpid, os.getpid, os.getpid])
    assert pids[0] == here and here not in pids[1:] and len(set(pids)) == 3


@needs_fork
def test_a_childs_error_is_raised_in_the_caller():
    def fails():
        raise ContrastError("bad batch")
    with pytest.raises(ContrastError, match="bad batch"):
        run_forked([lambda: 1, fails])


@needs_fork
def test_a_child_that_dies_has_its_task_run_here():
    here = os.getpid()

    def dies_in_a_child():
        if os.getpid() != here:
            os._exit(3)  # as if killed: no answer is sent
        return "done here"
    assert run_forked([lambda: 0, dies_in_a_child]) == [0, "done here"]


def _in_daemon(conn):
    conn.send((can_fork(), run_forked([os.getpid, os.getpid])))


@needs_fork
def test_a_daemonic_caller_runs_the_tasks_itself():
    receiver, sender = mp.get_context("fork").Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_in_daemon, args=(sender,), daemon=True)
    proc.start()
    forkable, pids = receiver.recv()
    proc.join()
    assert forkable is False and pids == [proc.pid, proc.pid]


def test_a_batchs_boilerplate_equals_its_pass_one_table():
    arts = _corpus(30, 50, 40)  # bodies over 120 characters: compared with their digits
    batch = prepare_batch(arts[0::3], arts[1::3], arts[2::3])
    # the titles "Story <i>" (digits blanked) in 10 articles of each outlet, the Ledger footer
    expected = {(o, "story #") for o in ("Ledger", "Courier", "CNN")}
    expected.add(("Ledger", "subscribe to the ledger daily digest."))
    assert batch.boilerplate(3) == batch.line_counts().boilerplate(3) == expected
    assert batch.boilerplate(11) == frozenset() and batch.boilerplate(0) == frozenset()
    with pytest.raises(ContrastError, match="boilerplate minimum=-1"):
        batch.boilerplate(-1)


@needs_fork
def test_a_batch_normalised_by_two_workers_is_the_same():
    arts = _corpus(40, 50, 20)
    one, two = prepare_batch(arts[:20], arts[20:]), prepare_batch(arts[:20], arts[20:], workers=2)
    for name in ("lines", "doc_of_line", "combo_of_line", "combo_outlet", "combo_key",
                 "combo_articles", "groups"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name
