"""``framing candidates``: distinguishing terms that no lexicon lists yet, and adding one to
your own lexicon (the CLI side of the Compare page's "Add to my lexicon")."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import (_check_out, _emit, _parse_ngrams, _store, load_word_model, loaded_model_option,
                  loaded_only, main, pair_options, stored_contrast)
from .errors import FramingError


@main.command()
@pair_options
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Candidates shown per side.")
@click.option("--min-count", type=click.IntRange(min=1), default=5, show_default=True,
              help="Only terms seen at least this often in the two outlets together.")
@click.option("--lexicon", "lexicons", multiple=True, metavar="NAME_OR_PATH",
              help="Lexicons whose terms are not candidates (repeat; default every shipped "
                   "lexicon and the --to file).")
@click.option("--add", "term", metavar="TERM",
              help="Add this term of the contrast to your lexicon (--to) instead of listing.")
@click.option("--to", "target", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.yaml",
              help="Your lexicon for --add (created when missing); default "
                   "lexicons/my-terms.yaml beside the store, which the dashboard lists.")
@click.option("--concept", metavar="ID", help="Concept id for --add (default: the term).")
@click.option("--category", metavar="NAME",
              help="Category for --add (default: the outlet the term is typical of).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write the candidates to FILE.csv, FILE.json or FILE.parquet. Its folder "
                   "must exist.")
@loaded_model_option
@click.pass_context
def candidates(ctx: click.Context, outlet_a: str, outlet_b: str, events_only: bool, ngrams: str,
               top: int, min_count: int, lexicons: tuple[str, ...], term: str | None,
               target: Path | None, concept: str | None, category: str | None,
               out: Path | None, loaded_model: Path | None) -> None:
    """Distinguishing terms no lexicon lists yet; --add puts one in your lexicon.

    The contrast is `framing contrast`'s (log-odds ratio with an informative Dirichlet prior
    over every stored article); candidates are its terms with q <= 0.05 that no lexicon covers
    (in any inflected form) and that hold no name, ranked by the conservative bound of the
    log-odds ratio (framing.candidates). --add records where the term came from (the two
    outlets, z and counts) in the concept's sources, and the lexicon is validated before it is
    written.

    \b
    Examples:
      python -m framing candidates --a "Fox News" --b CNN
      python -m framing candidates --a RT --b "BBC News" --ngrams 1-2 --top 30
      python -m framing candidates --a "Fox News" --b CNN --loaded-model models/words.skops
      python -m framing candidates --a RT --b "BBC News" --add "kiev regime"
      python -m framing candidates --a "Fox News" --b CNN --add "illegal aliens" --to mine.yaml \\
          --concept immigrants --category right-wording
    """
    from .candidates import CandidateExists, add_from_contrast  # noqa: PLC0415
    from .candidates import candidates as find_candidates  # noqa: PLC0415
    from .candidates import user_lexicon_path  # noqa: PLC0415
    from .lexicon import available_lexicons  # noqa: PLC0415

    span = _parse_ngrams(ngrams)
    _check_out(out)  # before the contrast, not after it
    if term is None and (target or concept or category):
        raise FramingError("--to, --concept and --category go with --add TERM; give the term "
                           "to add, or leave them out to list the candidates")
    if term is not None and loaded_model is not None:
        raise FramingError("--loaded-model only narrows the list of candidates; --add adds the "
                           "term you name whatever a model says: leave --loaded-model out")
    words_model = load_word_model(loaded_model)
    target = target or user_lexicon_path(_store(ctx).path)
    result, where = stored_contrast(ctx, outlet_a, outlet_b, span=span, alpha0=1000.0,
                                events_only=events_only, min_count=min_count)
    click.echo(result.summary(), err=True)
    if term is None:
        # before --loaded-model narrows the list
        n_terms, significant = len(result.terms), int((result.terms["q"] <= 0.05).sum())
        result, loaded = loaded_only(words_model, result)
        excluded = list(lexicons) or [*available_lexicons(),
                                      *([str(target)] if target.is_file() else [])]
        table = find_candidates(result, excluded, top=top)
        if table.empty and significant and words_model is not None:
            click.echo(f"No candidate: {significant:,} term(s) reach q <= 0.05, but none holds "
                       "a word the model marks as loaded (or each is in a lexicon or holds a "
                       "name); leave --loaded-model out to see them.", err=True)
        elif table.empty and not significant:
            click.echo(f"No candidate: none of the {n_terms:,} terms reaches q <= 0.05 "
                       "(too few articles to tell the outlets apart with confidence); compare "
                       "more articles, or list the leading terms with `framing contrast`.",
                       err=True)
        elif table.empty:
            click.echo("No candidate: every distinguishing term with q <= 0.05 is in a lexicon "
                       "or holds a name; try a lower --min-count.", err=True)
        cols = ["side", "term", "count_a", "count_b", "z", "q", "bound"]
        _emit(table[[c for c in cols if c in table.columns]], out,
              {"store": str(where), **{k: str(v) for k, v in result.settings.items()}, **loaded})
        return
    wanted = term.strip().lower()
    if not (result.terms["term"] == wanted).any():
        raise FramingError(f"“{term}” is not among the terms of this contrast (it must occur "
                           f"at least --min-count {min_count} times in the two outlets, as 1 to "
                           f"{span[1]} words); run without --add to see the candidates")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        lexicon = add_from_contrast(target, result, wanted, concept=concept, category=category)
    except CandidateExists as exc:
        click.echo(f"{exc}.", err=True)
        return
    z = float(result.terms.loc[result.terms["term"] == wanted, "z"].iloc[0])
    typical = result.label_a if z > 0 else result.label_b
    click.echo(f"Added “{wanted}” (typical of {typical}, z={z:.1f}) to {lexicon.name} "
               f"v{lexicon.version} in {target}.", err=True)
