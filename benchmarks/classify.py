"""Classifier quality on the published splits, beside baselines run in the same process.

Run:  python benchmarks/classify.py [--part all|babe|media|random|heldout|baseline] [--models DIR]

AllSides (Baly et al. 2020; ``allsides_article_bias``): our slant pipeline
(:data:`framing.classify.PRESETS` ``["slant"]``) on the published **media** split (train ->
test; the test outlets are not in training), beside a plain TF-IDF + logistic regression
baseline; then on the published **random** split, and on an **outlet-held-out** split
(``GroupShuffleSplit`` by normalised outlet, 20 % of the outlets held out, seed 0). Scores:
macro-F1, accuracy, MAE of the label position (left=0, center=1, right=2), confusion matrix.
Training time is wall-clock and CPU time (all threads of the process) of ``fit`` on the media
training split, with the load average after it (other jobs on the machine inflate wall time).

BABE (Spinde et al. 2021; ``babe_mbic``, SG2 without "No agreement"): the evaluation protocol of
the authors' ``classification.ipynb`` — ``StratifiedKFold(n_splits=5, shuffle=True,
random_state=42)`` over the labelled sentences (3,673 rows of ``babe_sg2.jsonl``; two of
them repeat another row's sentence, link and label, and the loader keeps each once, so
3,671), the figures averaged over the 5 folds. We print macro-F1 and also the F1 of the
"Biased" class (``f1_score`` with its binary default, which is what that notebook's "F1
Score" computes), beside a word TF-IDF + logistic regression
baseline. The word model (:class:`framing.loaded_words.LoadedWordModel`, with BABE's
``bias_word_lexicon.txt`` as a word-list feature) is trained on the same training folds and
scored by token-level F1 of the "loaded" class on the held-out fold's sentences (a word is
loaded when the annotators listed it in ``biased_words``). Finally the word model trained on all
of SG2 marks the sentences of BASIL (Fan et al. 2019) that hold a lexical-bias span: we print the
share of the 480 ``lex`` spans with at least one marked word, and, for scale, the share of the
other words of those sentences that it marks.

BABE with the ensemble (``--part babe-transformer``): the same 5 folds, fitting the preset
``babe-transformer`` (:func:`framing.classify.babe_transformer_ensemble`: soft vote, equal
weights, of the ``babe-sentence`` TF-IDF pipeline and all-MiniLM-L6-v2 fine-tuned per fold;
torch with 1 thread) on each training part; macro-F1 of the transformer part alone, the TF-IDF
part alone and the ensemble on the test fold. One fold takes 10-13 min on one core, so
``--folds 1,2,3`` runs some folds (each writes ``fold<k>.json`` and ``fold<k>.npz`` with the
test probabilities under ``--out-dir``) and ``--combine`` prints the means of the 5 folds'
files. ``--label-coding biased-last`` fits the two parts on ``label == "Biased"`` (0/1) and
averages them by hand: the label coding of the prototype run outside the package (the
preset's ``VotingClassifier`` codes labels in sorted order, "Biased" = 0, which swaps the
rows of the randomly initialised head and so gives a different fine-tuning run).

Figures end as ``name = value`` lines (fractions 0-1, seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from framing.classify import PRESETS, SIDES, outlet_heldout_split, scores, train  # noqa: E402
from framing.datasets import data_dir, load_dataset  # noqa: E402
from framing.explain import top_terms  # noqa: E402
from framing.loaded_words import LoadedWordModel, annotated_words, word_spans  # noqa: E402
from framing.modelfile import save_model  # noqa: E402
from framing.text import sentence_spans  # noqa: E402

FIGURES: dict[str, float] = {}


def say(*parts) -> None:
    print(*parts, flush=True)


def _cpu_seconds() -> dict[int, float]:
    """CPU seconds of this process and of each live child (joblib's worker processes, which
    fit the calibration folds and stay alive between fits), by process id."""
    import psutil  # noqa: PLC0415 - installed with dask.distributed

    me = psutil.Process()
    seconds = {me.pid: time.process_time()}
    for child in me.children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:  # ended meanwhile
            continue
        seconds[child.pid] = times.user + times.system
    return seconds


def timed(fn, *args, **kwargs):
    """``fn``'s result, wall seconds and CPU seconds (this process and its worker processes)."""
    wall, cpu = time.perf_counter(), _cpu_seconds()
    out = fn(*args, **kwargs)
    after = _cpu_seconds()
    used = sum(after[pid] - cpu.get(pid, 0.0) for pid in after)
    return out, time.perf_counter() - wall, used


def baseline_pipeline():
    """Plain TF-IDF (scikit-learn defaults) + logistic regression: the ~58 macro-F1 reference."""
    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))


def report(name: str, y_true, y_pred, order=SIDES) -> None:
    ev = scores(y_true, y_pred, order)
    mae = "" if ev.mae is None else f"  MAE {ev.mae:.3f}"
    say(f"  {name}: n={ev.n}  macro-F1 {ev.macro_f1 * 100:.2f}  accuracy "
        f"{ev.accuracy * 100:.2f}{mae}")
    return ev


def allsides_frame() -> pd.DataFrame:
    """AllSides articles as a table: text (title + body), bias, outlet, media and random split."""
    (loaded, wall, _) = timed(load_dataset, "allsides_article_bias")
    say(f"loaded {len(loaded.articles)} AllSides articles in {wall:.1f} s")
    return pd.DataFrame({
        "text": [a.document for a in loaded.articles],
        "bias": [a.label("bias") for a in loaded.articles],
        "outlet": [a.outlet for a in loaded.articles],
        "media": [a.label("split_media") for a in loaded.articles],
        "random": [a.label("split_random") for a in loaded.articles],
    })


def allsides_split(frame: pd.DataFrame, split: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Training and test articles of ``split``: ``media``, ``random`` or ``heldout``."""
    if split in ("media", "random"):
        return frame[frame[split] == "train"], frame[frame[split] == "test"]
    train_idx, test_idx = outlet_heldout_split(frame.outlet.tolist(), test_size=0.2,
                                               random_state=0)
    tr, te = frame.iloc[train_idx], frame.iloc[test_idx]
    say(f"  {tr.outlet.nunique()} training outlets, {te.outlet.nunique()} test outlets, "
        f"{len(set(tr.outlet) & set(te.outlet))} on both sides")
    return tr, te


_FIGURE_PREFIX = {"media": "allsides_media", "random": "allsides_random",
                  "heldout": "allsides_outlet_heldout"}


def allsides(split: str, models: Path | None, frame: pd.DataFrame | None = None) -> None:
    """Train our slant pipeline on one AllSides split and score it on the split's test part."""
    say(f"== AllSides {split} split (Baly et al. 2020 BERT macro-F1: media 35.53, random 80.19) ==")
    frame = allsides_frame() if frame is None else frame
    tr, te = allsides_split(frame, split)
    settings = PRESETS["slant"]
    model, wall, cpu = timed(train, tr.text.tolist(), tr.bias.tolist(), progress=say, **settings)
    load = os.getloadavg()
    say(f"  ours trained on {len(tr)} articles in {wall:.1f} s wall, {cpu:.1f} s CPU (both "
        f"calibration worker processes); load average after: {load[0]:.1f} (1 min), {load[1]:.1f} (5 min)")
    ev = report("ours", te.bias, model.predict(te.text.tolist()))
    say(ev.confusion.to_string())
    prefix = _FIGURE_PREFIX[split]
    FIGURES[f"{prefix}_macro_f1"] = ev.macro_f1
    FIGURES[f"{prefix}_accuracy"] = ev.accuracy
    FIGURES[f"{prefix}_mae"] = ev.mae
    if split == "media":
        FIGURES["train_s"] = wall
        FIGURES["train_cpu_s"] = cpu
        FIGURES["train_load_avg_5min"] = load[1]
        for cls, rows in top_terms(model, n=12).groupby("class"):
            say(f"  top terms {cls}: " + ", ".join(rows["feature"]))
    if models is not None:
        save_model(model, models / f"slant-{split}.skops", kind="slant", card={
            "data": "allsides_article_bias", "split": f"{split}: train -> test",
            "n_train": len(tr), "n_test": len(te), "settings": settings,
            "metrics": {"test": ev.as_dict()}, "train_seconds": wall, "train_cpu_seconds": cpu})


def allsides_baseline(frame: pd.DataFrame | None = None) -> None:
    """The plain TF-IDF + logistic regression baseline on the media split."""
    say("== AllSides media split, baseline TF-IDF (defaults) + logistic regression ==")
    frame = allsides_frame() if frame is None else frame
    tr, te = allsides_split(frame, "media")
    base, wall, cpu = timed(baseline_pipeline().fit, tr.text.tolist(), tr.bias.tolist())
    ev = report("baseline", te.bias, base.predict(te.text.tolist()))
    say(f"  baseline trained in {wall:.1f} s wall, {cpu:.1f} s CPU")
    FIGURES["allsides_media_baseline_macro_f1"] = ev.macro_f1
    FIGURES["allsides_media_baseline_accuracy"] = ev.accuracy
    FIGURES["baseline_train_cpu_s"] = cpu


def babe(models: Path | None) -> None:
    say("== BABE SG2 (Spinde et al. 2021: 0.804), 5-fold StratifiedKFold(shuffle, seed 42) ==")
    articles = [a for a in load_dataset("babe_mbic").articles
                if a.label("label_bias") in ("Biased", "Non-biased")]
    texts = np.asarray([a.text for a in articles], dtype=object)
    y = np.asarray([a.label("label_bias") for a in articles])
    words = annotated_words(articles)
    word_list = (data_dir() / "babe_mbic" / "bias_word_lexicon.txt").read_text(
        encoding="utf-8").split("\n")
    counts = pd.Series(y).value_counts()
    say(f"{len(texts)} sentences: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    ours_macro, ours_biased, base_macro, base_biased, token_f1 = [], [], [], [], []
    for k, (tr, te) in enumerate(folds.split(texts, y), start=1):
        model = train(texts[tr].tolist(), y[tr].tolist(), **PRESETS["babe-sentence"])
        pred = model.predict(texts[te].tolist())
        ours_macro.append(f1_score(y[te], pred, average="macro"))
        ours_biased.append(f1_score(y[te], pred, pos_label="Biased"))
        base = baseline_pipeline().fit(texts[tr].tolist(), y[tr])
        bpred = base.predict(texts[te].tolist())
        base_macro.append(f1_score(y[te], bpred, average="macro"))
        base_biased.append(f1_score(y[te], bpred, pos_label="Biased"))
        wm = LoadedWordModel().fit(texts[tr].tolist(), [words[i] for i in tr], word_list)
        truth, marked = [], []
        for i, flags in zip(te, wm.predict_marked(texts[te].tolist())):
            wanted = {w.lower() for w in words[i]}
            truth.extend(w.lower() in wanted for _, _, w in word_spans(texts[i]))
            marked.extend(flags)
        token_f1.append(f1_score(truth, marked))
        say(f"  fold {k}: sentence macro-F1 {ours_macro[-1]:.4f} (baseline {base_macro[-1]:.4f}),"
            f" word token F1 {token_f1[-1]:.4f}")
    FIGURES["babe_macro_f1"] = float(np.mean(ours_macro))
    FIGURES["babe_biased_f1"] = float(np.mean(ours_biased))
    FIGURES["babe_baseline_macro_f1"] = float(np.mean(base_macro))
    FIGURES["babe_baseline_biased_f1"] = float(np.mean(base_biased))
    FIGURES["babe_word_f1"] = float(np.mean(token_f1))

    say("-- word model on all SG2 -> BASIL lexical-bias spans --")
    wm, wall, cpu = timed(LoadedWordModel().fit, texts.tolist(), words, word_list)
    say(f"  trained in {wall:.1f} s wall, {cpu:.1f} s CPU; threshold {wm.threshold_:.3f}")
    if models is not None:
        save_model(wm, models / "babe-words.skops", kind="babe-words", card={
            "data": "babe_mbic SG2 (all labelled sentences)", "word_list": "bias_word_lexicon.txt",
            "metrics": {"token_f1_5fold": FIGURES["babe_word_f1"]}, "threshold": wm.threshold_})
    found = hit = 0
    other_words = other_marked = 0
    for article in load_dataset("basil").articles:
        spans = [v for k, v in article.labels if k == "lex_span"]
        if not spans:
            continue
        text = article.text
        bounds = sentence_spans(text)
        for span in spans:
            start = text.find(span)
            if start < 0:
                continue
            end = start + len(span)
            s0, s1 = next(((a, b) for a, b in bounds if a <= start < b), (0, len(text)))
            found += 1
            words_in = wm.word_probabilities(text[s0:s1])
            inside = [p >= wm.threshold_ for s, e, _, p in words_in
                      if s0 + s < end and s0 + e > start]
            outside = [p >= wm.threshold_ for s, e, _, p in words_in
                       if not (s0 + s < end and s0 + e > start)]
            hit += any(inside)
            other_words += len(outside)
            other_marked += sum(outside)
    say(f"  {found} lex spans found in their articles; {hit} have a marked word; "
        f"{other_marked} of {other_words} other words of those sentences are marked")
    FIGURES["basil_lex_span_share_marked"] = hit / found if found else float("nan")
    FIGURES["basil_other_word_share_marked"] = other_marked / other_words if other_words else 0.0


def _babe_sentences() -> tuple[np.ndarray, np.ndarray]:
    """BABE SG2 without "No agreement": sentences and labels, in the loader's order."""
    articles = [a for a in load_dataset("babe_mbic").articles
                if a.label("label_bias") in ("Biased", "Non-biased")]
    return (np.asarray([a.text for a in articles], dtype=object),
            np.asarray([a.label("label_bias") for a in articles]))


def _fit_fold(texts, y, tr, coding: str, threads: int):
    """Fit on the training part; the test-part probabilities of "Biased" (transformer part,
    TF-IDF part, ensemble) and the fit's wall seconds."""
    from framing.classify import babe_transformer_ensemble  # noqa: PLC0415 - needs torch
    from framing.transformer_model import TransformerSentenceClassifier  # noqa: PLC0415

    started = time.perf_counter()
    if coding == "sorted":
        model = babe_transformer_ensemble(n_threads=threads).fit(texts[tr].tolist(), y[tr])
        parts = model.named_estimators_
        biased = list(model.classes_).index("Biased")

        def probas(sentences):
            return (parts["transformer"].predict_proba(sentences)[:, biased],
                    parts["tfidf"].predict_proba(sentences)[:, biased],
                    model.predict_proba(sentences)[:, biased])
    else:  # the prototype's coding: "Biased" = 1 for the transformer's head
        settings = PRESETS["babe-transformer"]
        tfidf = train(texts[tr].tolist(), y[tr].tolist(), **PRESETS[settings["tfidf"]])
        net = TransformerSentenceClassifier(**{**settings["transformer"], "n_threads": threads})
        net.fit(texts[tr].tolist(), (y[tr] == "Biased").astype(int))
        column = list(tfidf.classes_).index("Biased")

        def probas(sentences):
            a = net.predict_proba(sentences)[:, 1]
            b = tfidf.predict_proba(sentences)[:, column]
            return a, b, (a + b) / 2
    return probas, time.perf_counter() - started


def babe_transformer(folds_wanted: list[int], coding: str, out_dir: Path, threads: int) -> None:
    say(f"== BABE SG2, preset babe-transformer (label coding {coding}), folds "
        f"{','.join(map(str, folds_wanted))} of StratifiedKFold(5, shuffle, seed 42) ==")
    texts, y = _babe_sentences()
    say(f"{len(texts)} sentences")
    out_dir.mkdir(parents=True, exist_ok=True)
    folds = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=42).split(texts, y))
    for k in folds_wanted:
        tr, te = folds[k - 1]
        probas, seconds = _fit_fold(texts, y, tr, coding, threads)
        p_net, p_tfidf, p_vote = probas(texts[te].tolist())
        truth = y[te] == "Biased"
        # ">= 0.5 means Biased" is the ensemble's argmax with ties to the first class, "Biased"
        f1s = {name: float(f1_score(truth, p >= 0.5, average="macro"))
               for name, p in (("transformer", p_net), ("tfidf", p_tfidf), ("ensemble", p_vote))}
        record = {"fold": k, "coding": coding, "n_train": len(tr), "n_test": len(te),
                  "train_s": seconds, "threads": threads,
                  **{f"macro_f1_{name}": value for name, value in f1s.items()}}
        (out_dir / f"fold{k}.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
        np.savez(out_dir / f"fold{k}.npz", test=te, transformer=p_net, tfidf=p_tfidf,
                 ensemble=p_vote)
        say(f"  fold {k}: macro-F1 transformer {f1s['transformer']:.4f}, TF-IDF "
            f"{f1s['tfidf']:.4f}, ensemble {f1s['ensemble']:.4f}; fit {seconds:.0f} s")
    _babe_transformer_figures(out_dir, folds_wanted)


def _babe_transformer_figures(out_dir: Path, folds_wanted: list[int]) -> None:
    records = []
    for k in folds_wanted:
        path = out_dir / f"fold{k}.json"
        if not path.is_file():
            raise SystemExit(f"{path} is missing: run --folds {k} first")
        records.append(json.loads(path.read_text(encoding="utf-8")))
    for name in ("transformer", "tfidf", "ensemble"):
        values = [r[f"macro_f1_{name}"] for r in records]
        say(f"  {name}: folds " + " ".join(f"{v:.4f}" for v in values)
            + f"  mean {np.mean(values):.4f}")
    suffix = "" if len(records) == 5 else "_folds_" + "_".join(map(str, folds_wanted))
    FIGURES[f"babe_macro_f1_transformer{suffix}"] = float(
        np.mean([r["macro_f1_transformer"] for r in records]))
    FIGURES[f"babe_macro_f1_tfidf{suffix}"] = float(np.mean([r["macro_f1_tfidf"] for r in records]))
    FIGURES[f"babe_macro_f1_ensemble{suffix}"] = float(
        np.mean([r["macro_f1_ensemble"] for r in records]))
    FIGURES[f"babe_transformer_train_s{suffix}"] = float(np.mean([r["train_s"] for r in records]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", default="all",
                        choices=("all", "babe", "media", "random", "heldout", "baseline",
                                 "babe-transformer"),
                        help="Run one part only (parts can run as parallel processes); "
                             "babe-transformer is not part of 'all' (needs torch, ~1 h).")
    parser.add_argument("--models", type=Path, help="Save the trained models (and cards) here.")
    parser.add_argument("--folds", default="1,2,3,4,5",
                        help="babe-transformer: the folds to run, e.g. 1,2,3 (1-5).")
    parser.add_argument("--combine", action="store_true",
                        help="babe-transformer: print the figures of the 5 folds' files in "
                             "--out-dir instead of fitting.")
    parser.add_argument("--label-coding", choices=("sorted", "biased-last"), default="sorted",
                        help="babe-transformer: sorted = the preset as saved by `framing train`;"
                             " biased-last = the prototype's coding (see the module docstring).")
    parser.add_argument("--out-dir", type=Path,
                        help="babe-transformer: per-fold files (default "
                             "/tmp/framing_babe_transformer_<coding>).")
    parser.add_argument("--threads", type=int, default=1,
                        help="babe-transformer: torch threads per process.")
    args = parser.parse_args()
    if args.part == "babe-transformer":
        out_dir = args.out_dir or Path(f"/tmp/framing_babe_transformer_{args.label_coding}")
        if args.combine:
            say(f"== BABE SG2, preset babe-transformer: the 5 folds in {out_dir} ==")
            _babe_transformer_figures(out_dir, [1, 2, 3, 4, 5])
        else:
            folds = sorted({int(k) for k in args.folds.split(",")})
            if not set(folds) <= {1, 2, 3, 4, 5}:
                parser.error(f"--folds {args.folds}: give folds between 1 and 5, e.g. 1,2,3")
            babe_transformer(folds, args.label_coding, out_dir, args.threads)
        for name, value in FIGURES.items():
            say(f"{name} = {value:.4f}")
        return
    if args.models is not None:
        args.models.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if args.part in ("all", "babe"):
        babe(args.models)
    frame = allsides_frame() if args.part == "all" else None
    for split in ("media", "random", "heldout"):
        if args.part in ("all", split):
            allsides(split, args.models, frame)
    if args.part in ("all", "baseline"):
        allsides_baseline(frame)
    say(f"total {time.perf_counter() - started:.0f} s")
    for name, value in FIGURES.items():
        say(f"{name} = {value:.4f}" if isinstance(value, float) else f"{name} = {value}")


if __name__ == "__main__":
    main()
