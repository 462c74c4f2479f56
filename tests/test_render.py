"""The one escaping renderer: article text and lexicon text never reach HTML unescaped."""

from __future__ import annotations

import pandas as pd

from framing import render
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


def test_excerpts_show_the_title_and_the_passages_around_hits():
    from framing.render import excerpts_html

    doc = ("Talks in Kiev\n\nOne two three four five. The annexation was condemned. Six seven "
           "<b>eight</b> nine ten. Kyiv said no.")

    def hit(word, frame):
        start = doc.index(word)
        return {"start": start, "end": start + len(word), "frame": frame, "concept": "c",
                "variant": word, "voice": "authorial", "loaded": True, "note": ""}

    hits = pd.DataFrame([hit("annexation", "ukraine"), hit("Kiev", "kremlin"),
                         hit("Kyiv", "ukraine")])
    colours = frame_colours(["kremlin", "ukraine"])

    def mark(word, colour):
        frame = "kremlin" if colour == colours["kremlin"] else "ukraine"
        return (f'<mark class="hit hit-authorial" style="background:{colour};" '
                f'title="c · {word} · {frame} · authorial">{word}</mark>')

    kiev, annex, kyiv = (mark("Kiev", colours["kremlin"]), mark("annexation", colours["ukraine"]),
                         mark("Kyiv", colours["ukraine"]))
    # 12 characters of context, cut back to whole words; the passage after "annexation" ends
    # at "was", the one before "Kyiv" starts at "nine"; the title is its own paragraph.
    assert excerpts_html(doc, hits, colours, width=12, title_chars=300) == (
        f"<p>Talks in {kiev}</p><p>… five. The {annex} was … nine ten. {kyiv} said no.</p>")
    # Wide context merges everything into one passage; markup in the text stays text.
    assert excerpts_html(doc, hits, colours, width=40) == (
        f"<p>Talks in {kiev} One two three four five. The {annex} was condemned. Six seven "
        f"&lt;b&gt;eight&lt;/b&gt; nine ten. {kyiv} said no.</p>")


def test_kwic_line_escapes_every_part():
    out = render.kwic_line_html("<script>alert(1)</script> said ", "<img src=x onerror=alert(1)>",
                                " & more")
    assert out == ("…&lt;script&gt;alert(1)&lt;/script&gt; said <b>&lt;img src=x "
                   "onerror=alert(1)&gt;</b> &amp; more…")
