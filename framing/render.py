"""Escaped HTML of an article with its hits highlighted (used by the dashboard and reports).

Article and lexicon text are untrusted: every piece of text goes through :func:`html.escape`
before it is placed in markup, and colours come only from our own palette.
"""

from __future__ import annotations

import html
from typing import Mapping, Sequence

import pandas as pd

__all__ = ["frame_colours", "highlight_html", "legend_html"]

#: Colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"), light tints for text.
_PALETTE = ("#f4b6a6", "#a6cdf4", "#f7e08f", "#b9e3c6", "#d9c2ec", "#f2c6dc")
#: Colour of neutral and unscored (date-rule) hits.
NEUTRAL_COLOUR = "#dddddd"
_VOICE_STYLE = {
    "authorial": "",
    "quoted": "border-bottom:2px dashed #555;",
    "distanced": "border-bottom:2px dotted #555;font-style:italic;",
}


def frame_colours(frames: Sequence[str]) -> dict[str, str]:
    """Map each frame name (in lexicon order) to a palette colour; ``neutral`` to grey."""
    colours = {f: _PALETTE[i % len(_PALETTE)] for i, f in enumerate(frames)}
    colours["neutral"] = NEUTRAL_COLOUR
    return colours


def highlight_html(document: str, hits: pd.DataFrame, colours: Mapping[str, str]) -> str:
    """The document as HTML paragraphs with every hit wrapped in a ``<mark>``.

    Parameters
    ----------
    document : str
        :attr:`framing.models.Article.document`.
    hits : DataFrame
        The article's hits (columns ``start``, ``end``, ``frame``, ``concept``, ``variant``,
        ``voice``, ``loaded``, ``note``); spans must not overlap (the matcher guarantees it).
    colours : mapping
        Frame name to CSS colour, from :func:`frame_colours`.

    Returns
    -------
    str
        HTML in which all text from the document and the lexicon is escaped.
    """
    pieces: list[str] = []
    pos = 0
    for row in hits.sort_values("start").itertuples(index=False):
        if row.start < pos:
            continue
        pieces.append(html.escape(document[pos:row.start]))
        colour = colours.get(row.frame, NEUTRAL_COLOUR) if row.loaded else NEUTRAL_COLOUR
        tip = f"{row.concept} · {row.variant} · {row.frame} · {row.voice}"
        if not row.loaded and row.note:
            tip += f" · not scored: {row.note}"
        pieces.append(
            f'<mark class="hit hit-{html.escape(row.voice)}" '
            f'style="background:{colour};{_VOICE_STYLE.get(row.voice, "")}" '
            f'title="{html.escape(tip, quote=True)}">{html.escape(document[row.start:row.end])}</mark>'
        )
        pos = row.end
    pieces.append(html.escape(document[pos:]))
    body = "".join(pieces)
    paragraphs = [p.replace("\n", "<br>") for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def legend_html(frames: Mapping[str, str], colours: Mapping[str, str]) -> str:
    """A legend: one swatch per frame with its description, plus the voice styles."""
    items = [
        f'<span style="background:{colours.get(name, NEUTRAL_COLOUR)};padding:0 6px;'
        f'margin-right:8px" title="{html.escape(desc, quote=True)}">{html.escape(name)}</span>'
        for name, desc in frames.items()
    ]
    items.append(f'<span style="background:{NEUTRAL_COLOUR};padding:0 6px;margin-right:8px">'
                 "neutral / not scored</span>")
    items.append('<span style="border-bottom:2px dashed #555;margin-right:8px">quoted</span>')
    items.append('<span style="border-bottom:2px dotted #555;font-style:italic">distanced</span>')
    return '<div class="legend">' + "".join(items) + "</div>"
