"""Event grouping and sentence alignment benchmark (issue #7).

What it measures (shared data from FRAMING_DATA or ../shared/data; labels are stripped from the
articles before grouping, so ``framing.events.group`` cannot see them):

1. **Grouping quality** against the events the data sets define: BASIL (300 articles, 100
   triplets), NewsWCL50 (50 articles, 10 events; undated, so the dates come from the URLs) and
   the two pooled. Adjusted Rand index (Hubert & Arabie 1985, *Journal of Classification* 2;
   scikit-learn's ``adjusted_rand_score``) and pairwise precision / recall (of the article pairs
   put in one event, the share that truly share one; of the pairs that truly share one, the
   share put in one). Beside it, in the same run: single linkage (connected components of the
   pairs at the same threshold: the baseline average linkage replaces) and scikit-learn's
   ``AgglomerativeClustering(linkage="average")`` on the full cosine matrix without dates, which
   our exact per-component linkage must reproduce (``sklearn_agreement_ari`` = 1.0).
2. **How the default threshold was chosen**: the sweep on the tuning set (NewsWCL50 and the
   BASIL triplets of even rank by triplet id) and the held-out BASIL triplets of odd rank.
3. **Speed and memory** on AllSides, first 5,000 / 10,000 / all 37,554 articles in ID order
   (4,444 have no date and are compared with every article); seconds and peak RSS (MiB, the
   process maximum so far: it includes the loaded corpus).
4. **Alignment**, Fox News (A) against The New York Times (B) on 10 BASIL triplets (every tenth
   by triplet id), and on all 100: sentences shared / only A / only B, and where the
   informational-bias spans (``"bias": "inf"``) fall. The alignment threshold comes from a null
   distribution: Fox sentences paired with the NYT article of a *different* triplet.

Usage: ``python benchmarks/events.py [--skip-scale]``. Ends with ``name = value`` lines.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import pair_confusion_matrix

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing import align as alignment  # noqa: E402
from framing.datasets import load_dataset  # noqa: E402
from framing.events import DEFAULT_THRESHOLD, article_features, group  # noqa: E402
from framing.lexicon import load_lexicon  # noqa: E402
from framing.matching import compile_lexicon  # noqa: E402

FOX, NYT = "Fox News", "The New York Times"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def hidden(articles):
    """The articles without their labels, and the true event of each."""
    truth = [a.label("event") for a in articles]
    return [dataclasses.replace(a, labels=()) for a in articles], truth


def pair_scores(truth, predicted) -> tuple[float, float]:
    """Pairwise precision and recall (pairs of articles in one event)."""
    (_, fp), (fn, tp) = pair_confusion_matrix(truth, predicted) // 2
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def single_linkage(articles, threshold: float) -> np.ndarray:
    """Baseline: connected components of the pairs at or above the threshold (same window)."""
    from framing.events import _components, _day_numbers, _pairs  # noqa: PLC0415

    features = article_features(articles)
    days = _day_numbers(articles, True)
    i, j, _ = _pairs(features, days, 7.0, threshold, 4_000_000)
    return _components(len(articles), i, j)


def quality(name: str, articles, fig: dict) -> None:
    arts, truth = hidden(articles)
    started = time.perf_counter()
    grouping = group(arts)
    seconds = time.perf_counter() - started
    labels = grouping.labels
    ari = adjusted_rand_score(truth, labels)
    precision, recall = pair_scores(truth, labels)
    base = single_linkage(arts, DEFAULT_THRESHOLD)
    base_ari = adjusted_rand_score(truth, base)
    print(f"{name}: {len(arts)} articles, {len(set(truth))} true events, {len(grouping.events)} "
          f"found ({len(grouping.multi())} of 2+); ARI {ari:.3f}, pairwise precision "
          f"{precision:.3f}, recall {recall:.3f}; {seconds:.2f} s. Single linkage ARI "
          f"{base_ari:.3f}")
    fig[f"{name}_ari"] = ari
    fig[f"{name}_pair_precision"] = precision
    fig[f"{name}_pair_recall"] = recall
    fig[f"{name}_single_linkage_ari"] = base_ari


def sklearn_agreement(articles) -> float:
    """ARI between our linkage (no dates) and scikit-learn's on the full cosine matrix."""
    arts, _ = hidden(articles)
    ours = group(arts, window_days=None).labels
    features = article_features(arts)
    distance = 1.0 - (features @ features.T).toarray().astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    peer = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                   distance_threshold=1.0 - DEFAULT_THRESHOLD + 1e-9)
    return adjusted_rand_score(peer.fit_predict(np.clip(distance, 0, None)), ours)


def sweep(basil, newswcl) -> None:
    triplets = sorted({a.label("event") for a in basil})
    even = set(triplets[0::2])
    tune_b = [a for a in basil if a.label("event") in even]
    held_b = [a for a in basil if a.label("event") not in even]
    print("\nThreshold sweep (tuning set: NewsWCL50 + BASIL even-rank triplets; "
          "held out: BASIL odd-rank triplets)")
    print(" threshold  basil_even  newswcl50  tuning_mean  basil_odd(held out)")
    sets = [hidden(x) for x in (tune_b, newswcl, held_b)]
    for threshold in np.round(np.arange(0.12, 0.33, 0.02), 2):
        scores = [adjusted_rand_score(t, group(a, threshold=float(threshold)).labels)
                  for a, t in sets]
        mark = "  <- default" if abs(threshold - DEFAULT_THRESHOLD) < 1e-9 else ""
        print(f"   {threshold:.2f}     {scores[0]:.3f}      {scores[1]:.3f}      "
              f"{(scores[0] + scores[1]) / 2:.3f}        {scores[2]:.3f}{mark}")


def scale(fig: dict) -> None:
    started = time.perf_counter()
    articles = list(load_dataset("allsides_article_bias").articles)
    print(f"\nAllSides loaded: {len(articles)} articles in {time.perf_counter() - started:.1f} s "
          f"({sum(a.date is None for a in articles)} without a date); RSS {rss_mb():.0f} MiB")
    fig["allsides_loaded_rss_mb"] = rss_mb()
    for n, key in ((5000, "5k"), (10000, "10k"), (len(articles), "37k")):
        arts, _ = hidden(articles[:n])
        started = time.perf_counter()
        grouping = group(arts)
        seconds = time.perf_counter() - started
        multi = grouping.multi()
        print(f"  {n:>6} articles: {seconds:7.1f} s, {len(grouping.events)} events, "
              f"{len(multi)} of 2+ articles (largest {int(multi['n_articles'].max())}), peak RSS "
              f"{rss_mb():.0f} MiB")
        fig[f"group_{key}_s"] = seconds
        fig[f"peak_rss_after_{key}_mb"] = rss_mb()
    fig["time_growth_5k_to_10k"] = fig["group_10k_s"] / fig["group_5k_s"]
    fig["time_growth_10k_to_37k"] = fig["group_37k_s"] / fig["group_10k_s"]


def span_sentence(sentences, span: str) -> int | None:
    """The first sentence holding the span text (white space folded), else None."""
    wanted = " ".join(span.split())
    for k, sentence in enumerate(sentences):
        if wanted and wanted in " ".join(sentence.split()):
            return k
    return None


def alignments(basil, fig: dict) -> None:
    by_event: dict[str, dict[str, object]] = defaultdict(dict)
    for article in basil:
        by_event[article.label("event")][article.outlet] = article
    triplets = sorted(by_event)

    print("\nAlignment threshold from a null distribution: share of Fox sentences paired "
          "(one-to-one) with the NYT article of the same triplet / of the next triplet")
    same, cross = [], []
    for k, t in enumerate(triplets):
        fox = by_event[t][FOX]
        for bucket, nyt in ((same, by_event[t][NYT]),
                            (cross, by_event[triplets[(k + 1) % len(triplets)]][NYT])):
            sa, sb = alignment.sentences(fox), alignment.sentences(nyt)
            sim = alignment._similarity(sa, sb)
            rows, cols = linear_sum_assignment(sim, maximize=True)
            bucket.append((sim[rows, cols], len(sa)))
    for threshold in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        share = [sum(int((s >= threshold).sum()) for s, _ in b) / sum(n for _, n in b)
                 for b in (same, cross)]
        mark = "  <- default" if abs(threshold - alignment.DEFAULT_THRESHOLD) < 1e-9 else ""
        print(f"  {threshold:.2f}: same triplet {share[0]:.3f}, other triplet {share[1]:.4f}"
              f"{mark}")
        if mark:
            fig["align_null_pair_rate"] = share[1]
            fig["align_same_event_pair_rate"] = share[0]

    matcher = compile_lexicon(load_lexicon("us-politics"))
    sample = triplets[::10]
    print("\nFox News (A) vs The New York Times (B), 10 triplets (every tenth by triplet id):")
    print("  triplet   date        sents A  sents B  shared A  shared B  only A  only B  pairs  "
          "hits in pairs  Fox title")
    for scope, chosen in (("sample", sample), ("all", triplets)):
        totals = defaultdict(int)
        inf = defaultdict(int)
        for t in chosen:
            fox, nyt = by_event[t][FOX], by_event[t][NYT]
            result = alignment.align(fox, nyt, matcher=matcher)
            counts = result.counts()
            for key, value in counts.items():
                totals[key] += value
            totals["sentences_a"] += len(result.sentences_a)
            totals["sentences_b"] += len(result.sentences_b)
            pairs = result.table[result.table["status"] == "shared"]
            with_hits = int(((pairs["hits_a"].map(len) > 0) | (pairs["hits_b"].map(len) > 0))
                            .sum())
            if scope == "sample":
                print(f"  {t[:8]}  {fox.date}  {len(result.sentences_a):7d}  "
                      f"{len(result.sentences_b):7d}  {counts['shared_a']:8d}  "
                      f"{counts['shared_b']:8d}  {counts['only_a']:6d}  {counts['only_b']:6d}  "
                      f"{counts['pairs']:5d}  {with_hits:13d}  {fox.title[:50]}")
            for article, status in ((fox, result.status_a()), (nyt, result.status_b())):
                for key, value in article.labels:
                    if key != "inf_span":
                        continue
                    k = span_sentence(result.sentences_a if article is fox
                                      else result.sentences_b, value)
                    if k is None:
                        inf["not_found"] += 1
                    else:
                        inf[status[k]] += 1
        shared_inf = inf["shared"]
        only_inf = inf["only A"] + inf["only B"]
        located = shared_inf + only_inf
        sentence_share = ((totals["shared_a"] + totals["shared_b"])
                          / (totals["sentences_a"] + totals["sentences_b"]))
        print(f"  {scope} ({len(chosen)} triplets): sentences A {totals['sentences_a']}, "
              f"B {totals['sentences_b']}; shared A {totals['shared_a']}, shared B "
              f"{totals['shared_b']}, only A {totals['only_a']}, only B {totals['only_b']}, "
              f"pairs {totals['pairs']}")
        print(f"    informational-bias spans of Fox and NYT: {located} located in a sentence "
              f"({inf['not_found']} not found): {shared_inf} in shared sentences "
              f"({shared_inf / max(located, 1):.3f}), {only_inf} in sentences only one outlet "
              f"has ({only_inf / max(located, 1):.3f}); share of all sentences that are shared "
              f"{sentence_share:.3f}")
        prefix = "align10" if scope == "sample" else "align100"
        fig[f"{prefix}_shared_a"] = totals["shared_a"]
        fig[f"{prefix}_shared_b"] = totals["shared_b"]
        fig[f"{prefix}_only_a"] = totals["only_a"]
        fig[f"{prefix}_only_b"] = totals["only_b"]
        fig[f"{prefix}_inf_in_shared"] = shared_inf / max(located, 1)
        fig[f"{prefix}_inf_in_only_one"] = only_inf / max(located, 1)
        fig[f"{prefix}_sentences_shared"] = sentence_share
    print("  sample triplet ids: " + ", ".join(sample))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-scale", action="store_true", help="Leave out the AllSides runs.")
    options = parser.parse_args()
    fig: dict[str, float] = {}
    basil = list(load_dataset("basil").articles)
    newswcl = list(load_dataset("newswcl50").articles)
    print(f"Defaults: threshold {DEFAULT_THRESHOLD}, window 7 days; alignment threshold "
          f"{alignment.DEFAULT_THRESHOLD}\n")
    quality("basil", basil, fig)
    quality("newswcl50", newswcl, fig)
    quality("pooled", basil + newswcl, fig)
    fig["sklearn_agreement_ari"] = sklearn_agreement(basil)
    print(f"Our average linkage vs scikit-learn's on the full BASIL cosine matrix (no dates): "
          f"ARI {fig['sklearn_agreement_ari']:.3f}")
    sweep(basil, newswcl)
    alignments(basil, fig)
    if not options.skip_scale:
        scale(fig)
    fig["peak_rss_mb"] = rss_mb()
    print()
    for name, value in fig.items():
        print(f"{name} = {value:.4f}" if isinstance(value, float) else f"{name} = {value}")


if __name__ == "__main__":
    main()
