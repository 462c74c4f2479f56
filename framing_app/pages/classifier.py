"""Classifier page: train a slant classifier on labelled stored articles, evaluate it with whole
outlets held out (Baly et al. 2020), and predict a text's side with the terms that pushed it
there (:mod:`framing.classify`, :mod:`framing.explain`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import framing
from framing import classify
from framing.modelfile import save_model
from framing_app import common
from framing_app.common import plain
from framing_app.labels import MAX_CLASSES, MIN_PER_CLASS, describe_labels

SKIP_LABELS = {"event", "dataset", "allsides_id", "split", "url", "id"}
DEFAULT_MAX = 3000  # articles trained on by default: seconds, not minutes, on two cores
QUERY_KEYS = {"clf_label": "label"}


@st.cache_data(show_spinner=False, max_entries=4)
def label_keys(path: str, revision: int) -> pd.DataFrame:
    """Label keys of the stored articles: articles, distinct values, smallest class, usable."""
    labels = common.get_store(path).labels()
    return describe_labels(labels[~labels["key"].isin(SKIP_LABELS)])


def _sample(articles: list[framing.Article], values: list[str], limit: int):
    """At most ``limit`` articles, the same share of each outlet (deterministic: by id)."""
    if len(articles) <= limit:
        return articles, values
    order = sorted(range(len(articles)), key=lambda i: articles[i].id)
    step = len(order) / limit
    keep = sorted(order[int(k * step)] for k in range(limit))
    return [articles[i] for i in keep], [values[i] for i in keep]


def train_section(ctx: common.Context, key: str, limit: int) -> None:
    store = ctx.store
    bar = st.progress(0.0, text="Reading the labelled articles…")
    try:
        ids = store.labels(key)["article_id"].unique().tolist()
        articles, values = classify.labelled(store.articles(ids=ids), key)
        articles, values = _sample(articles, values, limit)
        outlets = [a.outlet for a in articles]
        bar.progress(0.1, text="Holding out whole outlets for the test…")
        train_idx, test_idx = classify.outlet_heldout_split(outlets)
        texts = classify.article_texts(articles)
        bar.progress(0.2, text=f"Training on {len(train_idx):,} articles…")
        model = classify.train([texts[i] for i in train_idx], [values[i] for i in train_idx],
                               **classify.PRESETS["slant"])
        bar.progress(0.8, text=f"Evaluating on {len(test_idx):,} held-out articles…")
        truth = [values[i] for i in test_idx]
        order = classify.SIDES if set(values) <= set(classify.SIDES) else None
        evaluation = classify.evaluate(model, [texts[i] for i in test_idx], truth, order)
    except framing.FramingError as exc:
        bar.empty()
        common.show_error(exc, "choose a label with at least two values, three articles per "
                               "value and two outlets.")
        return
    bar.empty()
    held_out = sorted({outlets[i] for i in test_idx})
    st.session_state["_classifier"] = {
        "model": model, "evaluation": evaluation, "label": key, "held_out": held_out,
        "n_train": len(train_idx), "n_test": len(test_idx)}


def show_evaluation(result: dict) -> None:
    ev = result["evaluation"]
    st.markdown(f"**Evaluation on {result['n_test']:,} articles of held-out outlets** "
                f"(trained on {result['n_train']:,})")
    st.caption("Held out: " + plain(", ".join(map(common.outlet_name, result["held_out"]))))
    with st.container(horizontal=True):
        st.metric("Macro-F1", f"{ev.macro_f1:.3f}")
        st.metric("Accuracy", f"{ev.accuracy:.3f}")
        if ev.mae is not None:
            st.metric("Mean absolute error", f"{ev.mae:.3f}",
                      help="Distance between the true and predicted position in "
                           "left < center < right (Baly et al. 2020).")
    st.dataframe(ev.confusion.reset_index(), hide_index=True, width="stretch")
    st.dataframe(ev.per_class.reset_index(), hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%.3f")
                                for c in ("precision", "recall", "f1")})
    with st.expander("Strongest terms per class"):
        st.dataframe(classify.top_terms(result["model"], 15), hide_index=True, width="stretch")


def predict_section(result: dict) -> None:
    st.subheader("Predict")
    text = st.text_area("Paste a text to classify", key="clf_text", height=140,
                        placeholder="A headline and a few paragraphs of an article")
    if not text.strip():
        st.caption("The prediction shows the probability of each class and the terms that "
                   "pushed the text toward the predicted one.")
        return
    table = classify.predict_with_explanation(result["model"], [text], top=10)
    row = table.iloc[0]
    st.metric("Predicted", str(row["predicted"]), f"probability {row['probability']:.2f}",
              delta_color="off")
    probs = pd.DataFrame({"class": [c[len("proba_"):] for c in table.columns
                                    if c.startswith("proba_")],
                          "probability": [row[c] for c in table.columns
                                          if c.startswith("proba_")]})
    st.dataframe(probs, hide_index=True, width="stretch",
                 column_config={"probability": st.column_config.ProgressColumn(
                     min_value=0.0, max_value=1.0, format="%.2f")})
    terms = pd.DataFrame(row["top_terms"], columns=["term", "contribution"])
    st.markdown(f"**Terms that pushed it toward {plain(str(row['predicted']))}**")
    st.dataframe(terms, hide_index=True, width="stretch")


def run() -> None:
    ctx = common.page_start(
        "Classifier", "Learn a side (e.g. AllSides' left/center/right) from labelled articles, "
                      "test it on outlets it never saw, and explain each prediction.")
    if ctx is None:
        return
    keys = label_keys(ctx.store.path, ctx.store.revision())
    usable = keys[keys["usable"]]
    if usable.empty:
        found = "; ".join(f"**{plain(k)}**: {w}" for k, w in zip(keys["key"], keys["why"]))
        st.info("No stored label can be learnt as a class: a label needs 2 to "
                f"{MAX_CLASSES} values and at least {MIN_PER_CLASS} articles of each. "
                + (f"Labels in the store: {found}. " if found else
                   "The stored articles carry no labels. ")
                + "Load a labelled data set on the Library page, e.g. "
                "../shared/data/allsides_article_bias (label 'bias').", icon=":material/info:")
        return
    options = list(usable["key"])
    common.seed_from_query("classifier", QUERY_KEYS)
    if st.session_state.get("clf_label") not in options:
        st.session_state["clf_label"] = "bias" if "bias" in options else options[0]
    counts = dict(zip(usable["key"], usable["articles"]))
    c1, c2 = st.columns(2)
    key = c1.selectbox("Label to learn", options, key="clf_label",
                       format_func=lambda k: f"{k} ({counts[k]:,} articles)")
    limit = c2.number_input("Train and test on at most", min_value=30, max_value=50_000,
                            value=DEFAULT_MAX, step=500, key="clf_max",
                            help="A sample keeps training to seconds; every outlet keeps its "
                                 "share.")
    common.sync_to_query({"label": key, "lexicon": ctx.lexicon_ref})
    if st.button("Train and evaluate", key="clf_train", type="primary",
                 icon=":material/model_training:"):
        train_section(ctx, key, int(limit))
    result = st.session_state.get("_classifier")
    if not result:
        st.caption("Nothing trained yet in this session.")
        return
    show_evaluation(result)
    if st.button("Save the model", key="clf_save", icon=":material/save:"):
        folder = common.user_lexicon_dir().parent / "models"
        folder.mkdir(parents=True, exist_ok=True)
        path = save_model(result["model"], folder / f"slant-{result['label']}.skops",
                          kind="slant", card={"label": result["label"],
                                              "metrics": result["evaluation"].as_dict(),
                                              "held_out": result["held_out"]})
        st.success(plain(f"Saved to {path} (with its model card); use it with framing "
                         "predict."))
    predict_section(result)


run()
