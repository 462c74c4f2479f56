"""Save and load models with skops, loading only types we trust, with a model card beside each.

A model file is written with :func:`skops.io.dump` (a zip of JSON and arrays, never pickle). On
load, :func:`skops.io.get_untrusted_types` lists every type in the file that skops does not
trust by default; the file is refused unless each one is on :data:`ALLOWED_TYPES` (our own
classes and two private classes of scikit-learn's calibration). The model card
(``<model>.card.json``) records the data, split, metrics, library versions and date, and the
SHA-256 of the model file: a model file changed after saving, or one without our card, is
refused with a message that says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .errors import FramingError

__all__ = ["ALLOWED_TYPES", "ENSEMBLE_CARD", "ModelError", "TrainingOverlap", "card_path",
           "json_card", "write_card", "load_model",
           "read_card", "save_model", "training_overlap", "training_sketch"]

#: Types a model file of ours may hold beyond those skops trusts by default: our three classes
#: and the two private classes of scikit-learn's calibration. Everything else a pipeline of ours
#: holds (TF-IDF, linear models, DictVectorizer, NumPy and SciPy arrays) skops already trusts.
ALLOWED_TYPES: frozenset[str] = frozenset({
    "framing.classify.CompactTfidfVectorizer",
    "framing.lexicon_features.LexiconVectorizer",
    "framing.loaded_words.LoadedWordModel",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
})
_FORMAT = "framing-model/1"
#: The card that marks a folder as a saved ensemble (:func:`framing.transformer_model.save_ensemble`).
ENSEMBLE_CARD = "framing-ensemble.json"
#: Size of the training-data sketch kept in a model card (hashes; about 4 KB of JSON).
SKETCH_SIZE = 256
_HASH_BYTES = 8


class ModelError(FramingError):
    """A model file could not be saved or loaded (foreign, changed, untrusted or unreadable)."""


def card_path(path: str | Path) -> Path:
    """The model card beside a model file: ``slant.skops`` -> ``slant.card.json``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.card.json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in ("framing", "scikit-learn", "skops", "numpy", "scipy"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name == "framing":
                from . import __version__

                out[name] = __version__
    return out


def save_model(model: Any, path: str | Path, *, kind: str, card: dict[str, Any] | None = None) -> Path:
    """Write ``model`` with skops and its model card beside it.

    Parameters
    ----------
    model : estimator
        A fitted pipeline or :class:`framing.loaded_words.LoadedWordModel`.
    path : str or Path
        The model file (``.skops`` by convention); its folder must exist.
    kind : str
        What the model predicts (``"slant"``, ``"babe-sentence"``, ``"babe-words"``); kept in
        the card and checked by :func:`load_model` when asked.
    card : dict, optional
        Facts about the training run: ``data``, ``split``, ``metrics``, ``settings``… (plain
        JSON values). ``format``, ``kind``, ``created`` (UTC), ``versions`` and ``sha256`` are
        added.

    Returns
    -------
    Path
        The model card's path.

    Raises
    ------
    ModelError
        The folder does not exist, or the card holds values JSON cannot write.
    """
    import skops.io as sio  # noqa: PLC0415 - keeps `import framing` light

    path = Path(path)
    if not path.parent.is_dir():
        raise ModelError(f"{path}: folder {path.parent} does not exist; create it first")
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED)
    content = dict(card or {})
    content.update({
        "format": _FORMAT, "kind": kind, "model_file": path.name,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(), "sha256": _sha256(path),
    })
    return write_card(card_path(path), content)


def write_card(target: Path, content: dict[str, Any]) -> Path:
    """Write the card ``content`` as JSON to ``target``; returns ``target``.

    Raises
    ------
    ModelError
        ``content`` holds values JSON cannot write.
    """
    try:
        text = json.dumps(content, indent=2, ensure_ascii=False)
    except TypeError as exc:
        raise ModelError(f"the model card holds a value JSON cannot write ({exc}); pass plain "
                         "numbers, strings, lists and dicts") from exc
    target.write_text(text, encoding="utf-8")
    return target


def read_card(path: str | Path) -> dict[str, Any]:
    """The model card of a model file.

    Raises
    ------
    ModelError
        The card is missing or is not a card of ours.
    """
    target = card_path(path)
    return json_card(target, _FORMAT, "model card", missing=(
        f"{path}: no model card {target.name} beside it, so this is not a model saved by "
        "framing; train one with `framing train`"))


def json_card(target: Path, fmt: str, name: str, *, missing: str) -> dict[str, Any]:
    """The JSON card ``target`` of format ``fmt`` (``name`` e.g. ``"model card"`` is used in
    the messages; ``missing`` is the message when there is no such file).

    Raises
    ------
    ModelError
        No such file, not valid JSON, or not a card of format ``fmt``.
    """
    if not target.is_file():
        raise ModelError(missing)
    try:
        card = json.loads(target.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{target}: the {name} is not valid JSON ({exc})") from exc
    if not isinstance(card, dict) or card.get("format") != fmt:
        raise ModelError(f"{target}: not a framing {name} (format {fmt!r} expected)")
    return card


def load_model(path: str | Path, *, kind: str | None = None,
               part: bool = False) -> tuple[Any, dict[str, Any]]:
    """Load a model saved by :func:`save_model`, trusting only :data:`ALLOWED_TYPES`.

    Parameters
    ----------
    path : str or Path
        A model file, or a folder written by :func:`framing.transformer_model.save_ensemble`
        (it holds ``framing-ensemble.json``; loaded by
        :func:`~framing.transformer_model.load_ensemble`, which needs torch).
    kind : str, optional
        Refuse a model of another kind (e.g. a word model where a slant model is needed).
    part : bool
        Load a part of an ensemble folder (its card says ``part_of``); only
        :func:`~framing.transformer_model.load_ensemble` asks for one — alone, a part knows its
        classes only by code.

    Returns
    -------
    (model, dict)
        The model and its card.

    Raises
    ------
    ModelError
        The file is missing or not a skops file; it has no card of ours; it was changed after
        saving (SHA-256 differs from the card); it holds a type outside the allow-list (the
        message names it); or it is of another ``kind``.
    """
    import skops.io as sio  # noqa: PLC0415

    path = Path(path)
    if path.is_dir() and (path / ENSEMBLE_CARD).is_file():
        # an ensemble (preset babe-transformer) is a folder of parts, each checked as it loads
        from .transformer_model import load_ensemble  # noqa: PLC0415 - needs torch

        return load_ensemble(path, kind=kind)
    if path.is_dir():
        inside = sorted(p.name for p in path.glob("*.skops"))
        hint = (f"model files in it: {', '.join(inside[:5])}" if inside
                else "it holds no .skops file")
        raise ModelError(f"{path} is a folder, not a model file; give the .skops file ({hint}) "
                         f"or a babe-transformer model folder (it holds {ENSEMBLE_CARD})")
    if not path.is_file():
        raise ModelError(f"{path}: no such model file; train one with `framing train`")
    card = read_card(path)
    if card.get("part_of") and not part:
        raise ModelError(f"{path}: this file is the TF-IDF part of a {card['part_of']} model "
                         f"folder, not a model on its own; give the folder ({path.parent})")
    if card.get("sha256") != _sha256(path):
        raise ModelError(f"{path}: the file's SHA-256 differs from its model card, so it was "
                         "changed after it was saved; retrain it or restore the original")
    try:
        untrusted = sio.get_untrusted_types(file=path)
    except (zipfile.BadZipFile, KeyError, ValueError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a skops model file ({exc})") from exc
    foreign = sorted(set(untrusted) - ALLOWED_TYPES)
    if foreign:
        raise ModelError(f"{path}: refused, it holds types framing does not trust: "
                         f"{', '.join(foreign)}. Only load models you trained yourself")
    if kind is not None and card.get("kind") != kind:
        raise ModelError(f"{path}: a {card.get('kind')!r} model, but a {kind!r} model is needed")
    try:
        model = sio.load(path, trusted=sorted(set(untrusted)))
    except Exception as exc:  # skops raises many types for a damaged archive
        raise ModelError(f"{path}: cannot load the model ({type(exc).__name__}: {exc})") from exc
    _check_shape(path, model, card.get("kind"))
    return model, card


def _check_shape(path: Path, model: Any, kind: Any) -> None:
    """Refuse a trusted-type object that is not what ``framing train`` writes for ``kind``
    (a bare estimator with a card copied beside it would fail later with a raw traceback)."""
    from sklearn.pipeline import Pipeline  # noqa: PLC0415

    from .loaded_words import LoadedWordModel  # noqa: PLC0415

    expected = LoadedWordModel if kind == "babe-words" else Pipeline
    if not isinstance(model, expected):
        raise ModelError(f"{path}: holds a {type(model).__name__}, not a framing {kind!r} model "
                         f"(a {expected.__name__} written by `framing train`); train one with "
                         "`framing train`")


def _text_hash(text: str) -> int:
    """A 64-bit hash of one training text (SHA-256 prefix; the same text always hashes alike)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:_HASH_BYTES], "big")


def training_sketch(texts: Iterable[str], size: int = SKETCH_SIZE) -> dict[str, Any]:
    """A bottom-k sketch of the training texts, small enough for the model card.

    The sketch keeps the ``size`` smallest 64-bit hashes of the distinct texts (Broder 1997,
    "On the resemblance and containment of documents"): any text whose hash is at most the
    largest kept one is a training text exactly when its hash is kept, so
    :func:`training_overlap` can tell which evaluation texts were seen in training without the
    card holding them all.

    Parameters
    ----------
    texts : iterable of str
        The documents exactly as the model read them.
    size : int
        Number of hashes kept (a training set with fewer distinct texts is kept whole).

    Returns
    -------
    dict
        ``{"method": "bottom-k sha256/64", "n_distinct": int, "hashes": list of str}``
        (hashes as 16 hex digits, ascending); plain JSON for the card.
    """
    hashes = sorted({_text_hash(text) for text in texts})
    return {"method": "bottom-k sha256/64", "n_distinct": len(hashes),
            "hashes": [f"{h:016x}" for h in hashes[:size]]}


@dataclass(frozen=True, slots=True)
class TrainingOverlap:
    """How much of an evaluation set the model was trained on (see :func:`training_overlap`).

    Attributes
    ----------
    n : int
        Distinct evaluation texts.
    n_checked : int
        Evaluation texts the sketch can decide (hash at most the sketch's largest); all of them
        when the sketch holds the whole training set.
    n_seen : int
        Of those, texts that are training texts (exact hash matches).
    share : float
        ``n_seen / n_checked`` (0–1): estimated share of the evaluation texts that were
        training texts; exact when ``exact``. NaN when nothing could be checked.
    exact : bool
        The sketch holds every training text, so ``n_checked == n``.
    """

    n: int
    n_checked: int
    n_seen: int
    share: float
    exact: bool


def training_overlap(card: dict[str, Any], texts: Iterable[str]) -> TrainingOverlap | None:
    """Which evaluation texts the model saw in training, from the sketch in its card.

    Parameters
    ----------
    card : dict
        A model card (:func:`read_card`) written with a ``training_sketch``.
    texts : iterable of str
        The evaluation documents, exactly as given to the model.

    Returns
    -------
    TrainingOverlap or None
        ``None`` when the card has no sketch (models saved before sketches were kept).
    """
    sketch = card.get("training_sketch")
    if not isinstance(sketch, dict) or not sketch.get("hashes"):
        return None
    kept = {int(h, 16) for h in sketch["hashes"]}
    exact = int(sketch.get("n_distinct", -1)) == len(kept)
    limit = max(kept)
    hashes = {_text_hash(text) for text in texts}
    checked = hashes if exact else {h for h in hashes if h <= limit}
    seen = len(checked & kept)
    share = seen / len(checked) if checked else float("nan")
    return TrainingOverlap(n=len(hashes), n_checked=len(checked), n_seen=seen, share=share,
                           exact=exact)
