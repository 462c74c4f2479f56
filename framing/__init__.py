"""framing: how news outlets frame the same story.

Load articles, find the loaded terms a lexicon lists, score articles and outlets with intervals,
compare two outlets, export the evidence. The dashboard (``streamlit run app.py``), the CLI
(``python -m framing``) and this API share one library.

Example
-------
>>> import framing
>>> report = framing.load_articles(["../shared/seeds"])          # doctest: +SKIP
>>> result = framing.analyse(report.articles, "russia-ukraine")  # doctest: +SKIP
>>> result.outlet_scores                                         # doctest: +SKIP
"""

__version__ = "0.1.0"

from . import export, render
from .analysis import Analysis, analyse
from .datasets import data_dir, load_dataset
from .errors import FramingError, LexiconError, LoadError, ScoringError, StoreError
from .lexicon import Concept, Lexicon, Variant, available_lexicons, load_lexicon, save_lexicon
from .dates import parse_date
from .formats import parse_html, parse_markdown
from .loaders import Limits, LoadReport, load_articles, load_text
from .outlets import normalise_outlet
from .pagetext import parse_page_text
from .matching import Matcher, compile_lexicon, find_hits, hits_table
from .models import VOICES, Article, Hit
from .scoring import article_scores, outlet_scores, variant_table
from .store import ArticleStore, default_db_path

__all__ = [
    "Analysis", "analyse", "data_dir", "load_dataset", "FramingError", "LexiconError", "LoadError",
    "ScoringError", "StoreError", "Concept", "Lexicon", "Variant", "available_lexicons",
    "load_lexicon", "save_lexicon", "Limits", "LoadReport", "load_articles", "load_text",
    "parse_date", "parse_html", "parse_markdown", "parse_page_text", "normalise_outlet", "Matcher",
    "compile_lexicon", "find_hits", "hits_table", "VOICES", "Article", "Hit", "article_scores",
    "outlet_scores", "variant_table", "ArticleStore", "default_db_path", "export", "render",
    "__version__",
]
