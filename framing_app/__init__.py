"""The Streamlit dashboard's pages (``streamlit run app.py``); no logic beyond widgets.

``common`` holds what the pages share; ``pages/*.py`` are the page scripts that
:func:`st.navigation` in ``app.py`` runs.
"""
