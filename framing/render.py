"""Escaped HTML of an article with its hits highlighted (used by the dashboard and reports).

Article and lexicon text are untrusted: every piece of text goes through :func:`html.escape`
before it is placed in markup, and colours come only from our own palette.
"""

from __future__ import annotations

import html
from typing import Mapping, Sequence

import pandas as pd

__all__ = ["frame_colours", "highlight_html", "excerpts_html", "legend_html"]

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


_HIT_FIELDS = ("start", "end", "frame", "concept", "variant", "voice", "loaded", "note")


def _records(hits: pd.DataFrame) -> list[tuple]:
    """The hits as plain tuples of :data:`_HIT_FIELDS`, by start (pandas row access is slow)."""
    hits = hits.sort_values("start")
    return list(zip(*(hits[f].tolist() for f in _HIT_FIELDS)))


def _marked(document: str, records: list[tuple], colours: Mapping[str, str], start: int,
            end: int) -> str:
    """Escaped ``document[start:end]`` with the hits inside it wrapped in ``<mark>``."""
    pieces: list[str] = []
    pos = start
    for h_start, h_end, frame, concept, variant, voice, loaded, note in records:
        if h_start < pos or h_end > end:
            continue
        pieces.append(html.escape(document[pos:h_start]))
        colour = colours.get(frame, NEUTRAL_COLOUR) if loaded else NEUTRAL_COLOUR
        tip = f"{concept} · {variant} · {frame} · {voice}"
        if not loaded and note:
            tip += f" · not scored: {note}"
        pieces.append(
            f'<mark class="hit hit-{html.escape(voice)}" '
            f'style="background:{colour};{_VOICE_STYLE.get(voice, "")}" '
            f'title="{html.escape(tip, quote=True)}">{html.escape(document[h_start:h_end])}</mark>'
        )
        pos = h_end
    pieces.append(html.escape(document[pos:end]))
    return "".join(pieces)


def excerpts_html(document: str, hits: pd.DataFrame, colours: Mapping[str, str], *,
                  width: int = 120, title_chars: int = 0) -> str:
    """Only the passages around the hits, highlighted: the evidence of a long article in a few
    lines.

    Parameters
    ----------
    document : str
        :attr:`framing.models.Article.document`.
    hits : DataFrame
        The article's hits (as for :func:`highlight_html`).
    colours : mapping
        Frame name to CSS colour.
    width : int
        Characters of context on each side of a hit (cut at a space); overlapping passages are
        merged.
    title_chars : int
        When > 0, the first line of the document (its title) is shown first as its own
        paragraph, cut to this many characters, with its hits highlighted.

    Returns
    -------
    str
        HTML: a ``<p>`` for the title (when asked) and one ``<p>`` of passages joined by " … ",
        all text escaped.
    """
    records = _records(hits)
    head_end = document.find("\n")
    head_end = len(document) if head_end < 0 else head_end
    out = []
    body_from = 0
    if title_chars > 0:
        cut = min(head_end, title_chars)
        out.append(f"<p>{_marked(document, records, colours, 0, cut)}"
                   f"{'…' if cut < head_end else ''}</p>")
        body_from = head_end
    windows: list[list[int]] = []
    for h_start, h_end, *_ in records:
        if h_start < body_from:
            continue
        lo = max(body_from, h_start - width)
        hi = min(len(document), h_end + width)
        if lo > body_from:  # start at a word
            space = document.find(" ", lo, h_start)
            lo = space + 1 if space >= 0 else lo
        space = document.rfind(" ", h_end, hi)
        hi = space if space > h_end and hi < len(document) else hi
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    if windows:
        parts = [" ".join(_marked(document, records, colours, lo, hi).split())
                 for lo, hi in windows]
        lead = "… " if windows[0][0] > body_from + 2 else ""
        tail = " …" if windows[-1][1] < len(document) else ""
        out.append(f"<p>{lead}{' … '.join(parts)}{tail}</p>")
    return "".join(out)


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
    body = _marked(document, _records(hits), colours, 0, len(document))
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


def kwic_line_html(left: str, match: str, right: str) -> str:
    """One keyword-in-context line: ``…left<b>match</b>right…``, every part escaped.

    The dashboard's evidence and the HTML report both draw contrast evidence with it, so
    article text reaches ``unsafe_allow_html`` only through this module.
    """
    return f"…{html.escape(left)}<b>{html.escape(match)}</b>{html.escape(right)}…"

