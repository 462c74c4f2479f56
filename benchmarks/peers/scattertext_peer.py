"""Run scattertext 0.2.2's LogOddsRatioInformativeDirichletPrior on pre-tokenised documents.

Runs inside ``benchmarks/.venv-scattertext`` (scattertext pins scipy<1.14, so it cannot share the
project's environment; see :mod:`benchmarks.peers.venv`). Input: a gzip JSON-lines file of
``{"cat": "a" | "b", "text": ...}`` where ``text`` is the token stream framing counts, each token
made of word characters only (``-``, ``'``, ``.`` and ``,`` inside a token spelled ``_h_``,
``_a_``, ``_d_``, ``_c_``) and `` . `` wherever an n-gram must not continue, so that
scattertext's ``whitespace_nlp_with_sentences`` sees exactly the same tokens and sentences.

Usage: ``python scattertext_peer.py IN.jsonl.gz OUT.json SIGMA``. Writes ``{"seconds": float,
"z": {term: z}}``; the time covers building the corpus from the texts and scoring.
"""

import gzip
import json
import sys
import time

import numpy as np
import pandas as pd
import scattertext as st
from scattertext import LogOddsRatioInformativeDirichletPrior


def main(src: str, dst: str, sigma: float) -> None:
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    df = pd.DataFrame(rows)
    start = time.perf_counter()
    corpus = st.CorpusFromPandas(df, category_col="cat", text_col="text",
                                 nlp=st.whitespace_nlp_with_sentences).build()
    tdf = corpus.get_term_freq_df()
    y_a = tdf["a freq"]
    y_b = tdf["b freq"]
    out = {}
    bigram = np.array([" " in t for t in tdf.index])
    for order in (~bigram, bigram):  # unigrams and bigrams are scored as separate vocabularies
        ya = y_a[order].astype(float)
        yb = y_b[order].astype(float)
        priors = ya + yb  # background = the two groups (framing's default)
        scorer = LogOddsRatioInformativeDirichletPrior(priors, sigma=sigma, scale_type="word")
        z = scorer.get_zeta_i_j_given_separate_counts(ya.values, yb.values)
        out.update(zip(ya.index, z.tolist()))
    seconds = time.perf_counter() - start
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump({"seconds": seconds, "z": out}, fh)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
