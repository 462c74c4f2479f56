"""Which stored labels the Classifier page can learn as classes (kept apart from the page,
which runs on import, so the rule can be tested on its own)."""

from __future__ import annotations

import pandas as pd

MAX_CLASSES = 50  # more distinct values than this is an id or free text, not a class label
MIN_PER_CLASS = 3  # whole-outlet evaluation needs a few articles of every class


def describe_labels(labels: pd.DataFrame) -> pd.DataFrame:
    """Which label keys can be learnt as classes, and why not.

    Parameters
    ----------
    labels : pandas.DataFrame
        Columns ``article_id``, ``key``, ``value`` (as :meth:`framing.ArticleStore.labels`).

    Returns
    -------
    pandas.DataFrame
        One row per key, sorted by key: ``articles`` (distinct articles), ``values`` (distinct
        values), ``smallest`` (articles in the rarest value), ``usable`` (bool) and ``why``
        (empty when usable, else the reason). A key is usable with 2 to :data:`MAX_CLASSES`
        values and at least :data:`MIN_PER_CLASS` articles of every value.
    """
    per_value = (labels.groupby(["key", "value"])["article_id"].nunique()
                 .groupby(level="key").agg(values="size", smallest="min"))
    articles = labels.groupby("key")["article_id"].nunique().rename("articles")
    keys = pd.concat([articles, per_value], axis=1).reset_index().sort_values("key")
    keys = keys.reset_index(drop=True)

    def why(row) -> str:
        if row["values"] < 2:
            return "only one value"
        if row["values"] > MAX_CLASSES:
            return f"{row['values']:,} distinct values (an id or free text, not a class)"
        if row["smallest"] < MIN_PER_CLASS:
            return (f"a value with only {row['smallest']} article"
                    f"{'' if row['smallest'] == 1 else 's'} (need {MIN_PER_CLASS} per value)")
        return ""

    keys["why"] = [why(r) for _, r in keys.iterrows()] if len(keys) else []
    keys["usable"] = keys["why"] == ""
    return keys[["key", "articles", "values", "smallest", "usable", "why"]]
