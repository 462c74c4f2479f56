"""A self-contained HTML report of a comparison of two sides (outlets or articles).

:func:`comparison_report` returns one HTML document that opens offline: no script, no external
file, no web font; the charts are inline SVG drawn here from the score tables, and a
Content-Security-Policy (``default-src 'none'``) stops the browser from running or fetching
anything even if a page were altered. Every piece of article and lexicon text goes through
:func:`html.escape` (directly or via :mod:`framing.render`).

:func:`variant_comparison` (which variant each side used, per concept) and :func:`table_html`
are shared with the dashboard.
"""

from __future__ import annotations

import html
import math
from typing import Any, Mapping, Sequence

import pandas as pd

from . import render
from .analysis import Analysis
from .export import headline, provenance

__all__ = ["variant_comparison", "interval_svg", "table_html", "comparison_report"]

#: Articles with hits shown per side in a report.
MAX_ARTICLES = 20
#: Distinguishing terms listed per side, and context lines per term.
TOP_TERMS = 15
KWIC_LINES = 3

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;
 max-width:1200px;padding:16px;color:#222;line-height:1.5}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em;margin:.4em 0;max-width:100%}
.scroll{overflow-x:auto;max-width:100%}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top;
 overflow-wrap:anywhere}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.sides{display:flex;flex-wrap:wrap;gap:16px}.side{flex:1 1 340px;min-width:0}
.article{border:1px solid #e3e3e3;border-radius:6px;padding:8px 10px;margin:8px 0}
.article p{margin:0 0 .5em 0}.meta{font-size:.8em;color:#666}
mark{padding:0 2px;border-radius:3px;color:inherit}
.legend span{display:inline-block;margin:2px 6px 2px 0}
.kwic{font-size:.85em;color:#444}.kwic b{color:#000}
.prov td:first-child{font-weight:600}
"""


def variant_comparison(sides: Mapping[str, Analysis]) -> pd.DataFrame:
    """How often each side used each variant of each concept (hits in any voice).

    Parameters
    ----------
    sides : mapping of str to Analysis
        Column name (e.g. the outlet) to that side's analysis, in column order.

    Returns
    -------
    pandas.DataFrame
        Columns ``variant``, one count column per side (int), ``frame``, ``concept``; one row
        per variant used by at least one side. Concepts with the most hits (both sides
        together) come first, so the telling rows lead a long table; within a concept, by frame
        and variant, so competing variants (Kiev, Kyiv) stand together. Empty (with those
        columns) when neither side has a hit.
    """
    names = list(sides)
    tables = []
    for name, analysis in sides.items():
        if analysis.hits.empty:  # no variant table to read
            continue
        v = analysis.variants()
        tables.append(v.groupby(["concept", "variant", "frame"])["n_hits"].sum().rename(name))
    if not tables:
        return pd.DataFrame(columns=["variant", *names, "frame", "concept"])
    table = pd.concat(tables, axis=1).reindex(columns=names).fillna(0).astype("int64")
    table = table.reset_index()
    if table.empty:
        return pd.DataFrame(columns=["variant", *names, "frame", "concept"])
    concept_hits = table[names].sum(axis=1).groupby(table["concept"]).transform("sum")
    table = table.assign(_hits=-concept_hits).sort_values(
        ["_hits", "concept", "frame", "variant"]).reset_index(drop=True)
    return table[["variant", *names, "frame", "concept"]]


def interval_svg(rows: Sequence[tuple[str, float, float, float]], *, negative: str = "",
                 positive: str = "", width: int = 560) -> str:
    """An inline SVG dot-and-interval chart on [−1, 1], one row per ``(label, value, low, high)``.

    Rows whose value is NaN are drawn as "no scored hits". Labels are escaped.

    Returns
    -------
    str
        ``<svg …>…</svg>`` with a ``viewBox`` so that it scales to narrow screens.
    """
    left, right, row_h, top = 170, 20, 34, 26
    plot_w = width - left - right
    height = top + row_h * len(rows) + 34

    def x(v: float) -> float:
        return left + (v + 1) / 2 * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" role="img" '
             # named here so the chart keeps its font also as an <img> (no page CSS reaches it)
             'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" '
             'aria-label="framing index with 95% interval">']
    for tick in (-1, -0.5, 0, 0.5, 1):
        tx = x(tick)
        dash = ' stroke-dasharray="4 4"' if tick == 0 else ""
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" '
                     f'y2="{height - 30}" stroke="#ccc"{dash}/>')
        parts.append(f'<text x="{tx:.1f}" y="{height - 16}" font-size="11" '
                     f'text-anchor="middle">{tick:+.1f}</text>')
    axis = f"← {negative} · framing index · {positive} →" if negative or positive else "index"
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" font-size="11" '
                 f'text-anchor="middle">{html.escape(axis)}</text>')
    for i, (label, value, low, high) in enumerate(rows):
        y = top + row_h * i + row_h / 2
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="12" '
                     f'text-anchor="end">{html.escape(label[:28])}</text>')
        if value is None or math.isnan(value):
            parts.append(f'<text x="{x(0):.1f}" y="{y + 4:.1f}" font-size="11" fill="#777" '
                         'text-anchor="middle">no scored hits</text>')
            continue
        parts.append(f'<line x1="{x(low):.1f}" y1="{y:.1f}" x2="{x(high):.1f}" y2="{y:.1f}" '
                     'stroke="#666" stroke-width="4"/>')
        parts.append(f'<circle cx="{x(value):.1f}" cy="{y:.1f}" r="7" fill="#222">'
                     f'<title>{html.escape(label)}: {value:+.2f} '
                     f'({low:+.2f} to {high:+.2f})</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{value}</td>"
    if isinstance(value, int):
        return f'<td class="num">{value:,}</td>'
    if isinstance(value, float):
        return f'<td class="num">{value:.3g}</td>' if abs(value) >= 1000 or value == 0 \
            else f'<td class="num">{value:.3f}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def table_html(frame: pd.DataFrame) -> str:
    """``frame`` as an HTML table (no index) in a box that scrolls sideways on its own.

    Used by the report and by the dashboard's Compare page, where a plain table draws much
    faster than an interactive data grid.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table; column names and cells are converted with ``str`` and escaped.

    Returns
    -------
    str
        ``<div class="scroll"><table>…</table></div>``: integers with thousands separators
        and floats rounded (three decimals, or three significant digits from 1,000 on) in
        ``td class="num"`` cells, missing values as empty cells, every text escaped.
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(_cell(v.item() if hasattr(v, "item") else v) for v in row)
                   + "</tr>" for row in frame.itertuples(index=False, name=None))
    return _scroll(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _scroll(table: str) -> str:
    """``table`` in a box that scrolls sideways on its own, so a narrow screen (a 390 px phone)
    never scrolls the whole page."""
    return f'<div class="scroll">{table}</div>'


def _side_summary(label: str, analysis: Analysis) -> dict[str, Any]:
    scores = analysis.outlet_scores
    n_articles = len(analysis.articles)
    if analysis.lexicon.is_categorical or scores.empty:
        return {"side": label, "articles": n_articles, "index": float("nan"),
                "ci_low": float("nan"), "ci_high": float("nan"), "scored hits": 0, "lean": ""}
    # A side is one outlet in the dashboard; a side of several outlets has no single index.
    row = scores.iloc[0] if len(scores) == 1 else None
    if row is None:
        return {"side": label, "articles": n_articles, "index": float("nan"),
                "ci_low": float("nan"), "ci_high": float("nan"),
                "scored hits": int(scores["n_scored"].sum()), "lean": "several outlets"}
    return {"side": label, "articles": n_articles, "index": float(row["index"]),
            "ci_low": float(row["ci_low"]), "ci_high": float(row["ci_high"]),
            "scored hits": int(row["n_scored"]), "lean": str(row["lean"])}


def _articles_html(analysis: Analysis, colours: Mapping[str, str], limit: int) -> str:
    with_hits = set(analysis.hits["article_id"])
    shown = [a for a in analysis.articles if a.id in with_hits]
    shown.sort(key=lambda a: (a.date is None, a.date or 0, headline(a).casefold()))
    index = analysis.article_scores.set_index("article_id")["index"]
    parts = []
    for art in shown[:limit]:
        hits = analysis.hits_of(art.id)
        meta = [art.date.isoformat() if art.date else "undated", f"{len(hits)} hit(s)"]
        value = index.get(art.id, float("nan"))
        if not pd.isna(value):
            meta.append(f"index {value:+.2f}")
        if art.url:
            meta.append(art.url)
        parts.append(f'<div class="article"><div class="meta">{html.escape(" · ".join(meta))}'
                     f"</div>{render.highlight_html(art.document, hits, colours)}</div>")
    note = (f"<p class=\"meta\">{min(limit, len(shown))} of {len(shown)} articles with hits "
            f"shown ({len(analysis.articles)} articles in all).</p>")
    return note + ("".join(parts) if parts else "<p>No article has a hit.</p>")


def _contrast_html(result: Any) -> str:
    out = [f"<p>{html.escape(result.summary())}</p>", '<div class="sides">']
    for side, label in (("a", result.label_a), ("b", result.label_b)):
        top = result.top(TOP_TERMS, side)
        out.append(f'<div class="side"><h3>Most typical of {html.escape(label)}</h3>')
        if top.empty:
            out.append("<p>No term passes the thresholds.</p></div>")
            continue
        rows = []
        for t in top.itertuples(index=False):
            lines = result.kwic(t.term, group=side, limit=KWIC_LINES, width=40)
            kwic = "<br>".join(render.kwic_line_html(r.left, r.match, r.right)
                               for r in lines.itertuples(index=False))
            rows.append(f"<tr><td>{html.escape(t.term)}</td>{_cell(int(t.count_a))}"
                        f"{_cell(int(t.count_b))}{_cell(float(t.z))}"
                        f'<td class="kwic">{kwic}</td></tr>')
        out.append(_scroll(
            f"<table><thead><tr><th>term</th><th>count {html.escape(result.label_a)}</th>"
            f"<th>count {html.escape(result.label_b)}</th><th>z</th><th>in context</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>") + "</div>")
    out.append("</div>")
    return "".join(out)


def comparison_report(a: Analysis, b: Analysis, *, label_a: str, label_b: str,
                      contrast: Any = None, aligned: pd.DataFrame | None = None,
                      title: str | None = None, settings: Mapping[str, Any] | None = None,
                      max_articles: int = MAX_ARTICLES) -> str:
    """One HTML document comparing side A with side B, to open offline or send by mail.

    Parameters
    ----------
    a, b : Analysis
        The two sides, analysed with the same lexicon and voices.
    label_a, label_b : str
        Names of the sides (outlet names, or "RT (one article)").
    contrast : framing.contrast.ContrastResult, optional
        Distinguishing terms of A against B; the report lists the top :data:`TOP_TERMS` per side
        with counts, z and keyword-in-context lines.
    aligned : DataFrame, optional
        Aligned sentences of two articles, e.g. columns ``status`` (``shared``, ``only A``,
        ``only B``) and the two sentences (from :attr:`framing.align.Alignment.table`); shown
        as a table, every cell escaped.
    title : str, optional
        Heading; default "label_a vs label_b".
    settings : mapping, optional
        Extra settings recorded in the provenance block (e.g. the event, the query).
    max_articles : int
        Articles with hits shown per side (default :data:`MAX_ARTICLES`).

    Returns
    -------
    str
        A complete HTML5 document (UTF-8) with no script and no external resource.
    """
    lex = a.lexicon
    title = title or f"{label_a} vs {label_b}"
    colours = render.frame_colours(lex.frame_names)
    prov = provenance(a, side_a=label_a, side_b=label_b, **dict(settings or {}))
    prov_rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(str(v))}</td></tr>"
                        for k, v in prov.items())
    body = [f"<h1>{html.escape(title)}</h1>",
            f"<p>Lexicon <b>{html.escape(lex.name)}</b> v{html.escape(str(lex.version))}; "
            f"voices scored: {html.escape(', '.join(a.voices))}.</p>",
            render.legend_html(dict(lex.frames), colours)]
    summaries = [_side_summary(f"A · {label_a}", a), _side_summary(f"B · {label_b}", b)]
    body.append("<h2>Scores</h2>")
    if lex.is_categorical:
        rates = pd.DataFrame({"category": list(lex.frame_names)})
        for label, analysis in ((label_a, a), (label_b, b)):
            scores = analysis.outlet_scores
            rates[f"{label} per 1,000 words"] = [
                float(scores.iloc[0][f"per_1k_{c}"]) if len(scores) == 1 else float("nan")
                for c in lex.frame_names]
        body.append(table_html(rates))
    else:
        rows = [(s["side"], s["index"], s["ci_low"], s["ci_high"]) for s in summaries]
        body.append(interval_svg(rows, negative=lex.negative_frame, positive=lex.positive_frame))
        body.append(table_html(pd.DataFrame(summaries)))
        body.append("<p class=\"meta\">Framing index: mean over concepts of (n "
                    f"{html.escape(lex.positive_frame)} − n {html.escape(lex.negative_frame)}) / "
                    "(sum); 95% Jeffreys interval (Brown, Cai &amp; DasGupta 2001).</p>")
    body.append("<h2>Which variant each side used</h2>")
    variants = variant_comparison({f"A · {label_a}": a, f"B · {label_b}": b})
    body.append(table_html(variants) if len(variants) else "<p>Neither side uses a term of this "
                "lexicon.</p>")
    if aligned is not None and len(aligned):
        body.append("<h2>Aligned sentences</h2>")
        body.append(table_html(aligned))
    if contrast is not None:
        body.append("<h2>Distinguishing terms</h2>")
        body.append(_contrast_html(contrast))
    body.append("<h2>Evidence, side by side</h2><div class=\"sides\">")
    for label, analysis in ((f"A · {label_a}", a), (f"B · {label_b}", b)):
        body.append(f'<div class="side"><h3>{html.escape(label)}</h3>'
                    f"{_articles_html(analysis, colours, max_articles)}</div>")
    body.append("</div><h2>Provenance</h2>")
    body.append(_scroll(f'<table class="prov"><tbody>{prov_rows}</tbody></table>'))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")
