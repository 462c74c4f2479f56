"""The one escaping renderer: article text and lexicon text never reach HTML unescaped."""

from __future__ import annotations

import pandas as pd

from framing.render import frame_colours, highlight_html, legend_html

EVIL = "<script>alert(1)</script>"


def test_highlight_escapes_article_and_lexicon_text():
    document = f"Title {EVIL}\n\nKyiv <img src=x onerror=alert(1)> and \"quotes\" & more."
    start = document.index("Kyiv")
    hits = pd.DataFrame([{
        "start": start, "end": start + 4, "frame": EVIL, "concept": EVIL, "variant": EVIL,
        "voice": "authorial", "loaded": False, "note": EVIL,
    }])
    out = highlight_html(document, hits, frame_colours([EVIL, "other"]))
    assert "<script" not in out and "<img" not in out
    assert out.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5  # title, concept, variant, frame, note
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '<mark class="hit hit-authorial" style="background:#dddddd;"' in out
    assert out.startswith("<p>Title &lt;script&gt;") and out.endswith("&amp; more.</p>")


def test_legend_escapes_frame_names_and_descriptions():
    frames = {EVIL: f'desc " onmouseover="alert(1) {EVIL}', "plain": "ok"}
    out = legend_html(frames, frame_colours(list(frames)))
    assert "<script" not in out
    assert 'title="desc &quot; onmouseover=&quot;alert(1) &lt;script&gt;' in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</span>" in out
