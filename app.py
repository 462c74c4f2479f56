"""framing dashboard: load articles, compare how two outlets name the same things, export.

Run with ``streamlit run app.py``. The store is ``$FRAMING_DB`` (default
:func:`framing.default_db_path`). All logic lives in :mod:`framing`; the pages in
``framing_app/pages`` only turn widgets into cached library calls and show the results.

Pages: Compare (the default, ``/``), Library, Outlets, Lexicon, Classifier, Export. A comparison can be
shared as a link: ``/?a=RT&b=BBC%20News`` (also ``article_a``, ``article_b``, ``event``,
``terms=1`` and ``lexicon``).
"""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="framing", page_icon="📰", layout="wide")

from framing_app import common  # noqa: E402  (set_page_config must be the first Streamlit call)

PAGES = "framing_app/pages"


def run() -> None:
    # st.html with only a <style> goes to Streamlit's event container: no element in the
    # page and no Markdown parsing in the browser.
    st.html(common.CSS)
    pages = [
        st.Page(f"{PAGES}/compare.py", title="Compare", icon=":material/compare_arrows:",
                url_path="compare", default=True),
        st.Page(f"{PAGES}/library.py", title="Library", icon=":material/library_books:",
                url_path="library"),
        st.Page(f"{PAGES}/outlets.py", title="Outlets", icon=":material/newspaper:",
                url_path="outlets"),
        st.Page(f"{PAGES}/lexicon.py", title="Lexicon", icon=":material/menu_book:",
                url_path="lexicon"),
        st.Page(f"{PAGES}/classifier.py", title="Classifier", icon=":material/psychology:",
                url_path="classifier"),
        st.Page(f"{PAGES}/export.py", title="Export", icon=":material/download:",
                url_path="export"),
    ]
    page = st.navigation(pages)
    st.session_state["_context"], count_slot = common.sidebar()
    common.keep_linked_widgets()
    page.run()
    store = st.session_state["_context"].store
    common.sidebar_count(count_slot, store)
    common.freeze_long_lived()


run()
