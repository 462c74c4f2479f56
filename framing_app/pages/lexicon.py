"""Lexicon page: browse and search the chosen lexicon, edit its YAML, validate it (every problem
shown inline), save it as your own lexicon, download it."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

import framing
from framing.lexicon import parse_lexicon_text
from framing_app import common
from framing_app.common import plain

QUERY_KEYS = {"lex_search": "q"}


def concept_table(lexicon: framing.Lexicon) -> pd.DataFrame:
    """One row per variant: ``concept``, ``label``, ``frame``, ``terms`` (joined by " · "),
    ``dates`` (since/until), ``notes``, ``sources`` (the concept's, joined)."""
    rows = []
    for c in lexicon.concepts:
        for v in c.variants:
            dates = " ".join(x for x in (f"since {v.since}" if v.since else "",
                                         f"until {v.until}" if v.until else "") if x)
            rows.append({"concept": c.id, "label": c.label, "frame": v.frame,
                         "terms": " · ".join(v.terms), "dates": dates, "notes": v.notes or "",
                         "sources": " | ".join(c.sources)})
    return pd.DataFrame(rows, columns=["concept", "label", "frame", "terms", "dates", "notes",
                                       "sources"])


def browse(lexicon: framing.Lexicon) -> None:
    kind = "categories" if lexicon.is_categorical else "frames"
    st.markdown(f"**{plain(lexicon.name)}** v{lexicon.version} · {kind} · "
                f"{len(lexicon.concepts)} concepts · hash `{lexicon.hash}`")
    frames = pd.DataFrame(list(lexicon.frames), columns=[kind[:-1], "description"])
    st.dataframe(frames, hide_index=True, width="stretch")
    common.seed_from_query("lexicon", QUERY_KEYS)
    query = st.text_input("Search concepts and terms", key="lex_search",
                          placeholder="e.g. Kyiv, annexation, separatist")
    table = concept_table(lexicon)
    if query.strip():
        needle = query.strip().casefold()
        hit = table.apply(lambda r: needle in " ".join(map(str, r.values)).casefold(), axis=1)
        table = table[hit]
    st.caption(f"{len(table)} variant rows" + (f" matching “{plain(query.strip())}”"
                                                if query.strip() else ""))
    st.dataframe(table, hide_index=True, width="stretch", height=min(460, 38 + 35 * len(table)),
                 column_config={"terms": st.column_config.TextColumn(width="large"),
                                "sources": st.column_config.TextColumn(width="medium")})


def edit(ref: str) -> None:
    st.subheader("Edit")
    path = common.lexicon_path(ref)
    original = path.read_text(encoding="utf-8")
    if st.session_state.get("_lex_loaded") != ref:  # a new lexicon chosen: load its text
        st.session_state["lex_text"] = original
        st.session_state["_lex_loaded"] = ref
    text = st.text_area("YAML", key="lex_text", height=360,
                        help="The lexicon schema is in corpora/README.md. Validate before "
                             "saving; nothing is written while there are problems.")
    c1, c2, c3 = st.columns(3)
    validate = c1.button("Validate", key="lex_validate", icon=":material/check:")
    name = c2.text_input("Save as (file name)", key="lex_save_name",
                         value=f"{path.stem}-edited" if path.parent != common.user_lexicon_dir()
                         else path.stem)
    save = c3.button("Save as my lexicon", key="lex_save", icon=":material/save:")
    st.download_button("Download YAML", data=text.encode("utf-8"),
                       file_name=f"{path.stem}.yaml", mime="application/x-yaml",
                       key="lex_download", on_click="ignore", icon=":material/download:")
    if not (validate or save):
        return
    try:
        lexicon = parse_lexicon_text(text, source=f"{path.stem}.yaml (edited)")
    except framing.LexiconError as exc:
        st.error(f"{len(exc.problems)} problem(s); fix them and validate again:")
        for problem in exc.problems:
            st.error(plain(problem), icon=":material/error:")
        return
    st.success(plain(f"Valid: {lexicon.name} v{lexicon.version}, {len(lexicon.concepts)} "
                     f"concepts, hash {lexicon.hash}."))
    if save:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-")
        if not stem:
            st.error("Give a file name to save as, e.g. my-lexicon.")
            return
        target = common.user_lexicon_dir() / f"{stem}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        framing.save_lexicon(lexicon, target)
        st.success(plain(f"Saved to {target}; choose “{stem} (yours)” in the sidebar's Lexicon "
                         "box to use it."))


def run() -> None:
    ctx = common.context()
    st.title("Lexicon")
    st.caption("The loaded terms the matcher looks for: concepts, the variants that name them, "
               "the frame each variant carries and why. Choose another one in the sidebar.")
    common.sync_to_query({"q": st.session_state.get("lex_search", ""),
                          "lexicon": ctx.lexicon_ref})
    try:
        lexicon = common.get_matcher(ctx.lexicon_ref).lexicon
    except framing.FramingError as exc:
        common.show_error(exc, "fix the file below and save it, or choose another lexicon.")
        lexicon = None
    if lexicon is not None:
        browse(lexicon)
    edit(ctx.lexicon_ref)


run()
