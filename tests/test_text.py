"""Sentences, quotation spans and the normaliser: exact spans and linear time."""

from __future__ import annotations

import random
import time

from framing.text import normalize, quote_bounds, quote_spans, sentence_spans, sentence_starts


def parts(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_paragraphs_and_headlines():
    text = "\n\nHeadline\n\n  Body one. Two.\n \nThird \"quote.\" Next\n\n"
    assert parts(text) == ["Headline", "Body one.", "Two.", 'Third "quote."', "Next"]
    assert sentence_starts(text) == [2, 14, 24, 31, 46]
    assert sentence_starts("  \n ") == [] and sentence_spans("") == []


def test_abbreviation_after_a_line_break_does_not_end_a_sentence():
    # the word before the full stop starts after any white space, a line break included
    text = "He met the\nSen. Smith today. Then\nU.S. officials left."
    assert parts(text) == ["He met the\nSen. Smith today.", "Then\nU.S. officials left."]
    # a single line break between sentences does not merge them
    assert parts("One.\nTwo.") == ["One.", "Two."]
    assert parts('He left. "Mr. X stayed." (Dr. Y.) End') == [
        "He left.", '"Mr. X stayed."', "(Dr. Y.)", "End"]


def test_runs_of_punctuation_end_once():
    assert parts("Really?! Yes... No.. ok. Fine") == ["Really?!", "Yes...", "No.. ok.", "Fine"]


def test_pathological_input_is_linear():
    for text in ("." * 2_000_000 + " End", "a. " * 700_000, "x" * 2_000_000 + "?! A",
                 '"' * 1_000_000, 'a"b ' * 500_000, "'a " * 700_000, "\n \n" * 500_000 + "x",
                 ' "' + 'a"b ' * 1_250_000):  # an open quote over 5 MB: was quadratic
        began = time.perf_counter()
        sentence_spans(text)
        quote_bounds(text)
        normalize(text)
        assert time.perf_counter() - began < 20, text[:20]


def test_quote_bounds_equal_quote_spans():
    text = ("He said \"it's a 'reunification' story\" and \u201cannexation\u201d; "
            "\u00abok\u00bb 'special military operation' x'y 'z")
    spans = quote_spans(text)
    assert [(q.start, q.end) for q in spans] == quote_bounds(text)
    assert [(text[q.start:q.end], q.words) for q in spans] == [
        ("\"it's a 'reunification' story\"", 4), ("\u201cannexation\u201d", 1), ("\u00abok\u00bb", 1),
        ("'special military operation'", 3)]


def test_normaliser_offsets_with_runs_and_non_ascii():
    text = "Kiev\u2026  regime \u2014 \ufb01ne caf\u00e9"
    norm = normalize(text)
    assert norm.text == "kiev... regime - fine cafe"
    assert norm.to_original(4, 7) == (4, 5)  # "..." maps back to the ellipsis
    assert norm.to_original(8, 14) == (7, 13)  # "regime" after the folded double space
    assert text[slice(*norm.to_original(17, 21))] == "\ufb01ne"


def test_normaliser_fast_paths_agree_with_the_general_rules():
    # ASCII: one bytes.translate lower-cases and turns every white-space character (vertical
    # tab and the ASCII separators too) into a space; runs of spaces fold, control characters
    # stay
    ascii_text = "A\x0bB\x1cC \t\r\nD`s\x00E"
    norm = normalize(ascii_text)
    assert norm.text == "a b c d's\x00e"
    assert (norm.norm_starts, norm.norm_ends, norm.orig_starts, norm.orig_ends) == (
        (5,), (6,), (5,), (9,))
    # curly quotes and dashes only: ASCII after the first replacements
    assert normalize("It\u2019s \u201cKiev\u201d\u2014\u00a0ok").text == "it's \"kiev\"- ok"
    # blocks between single spaces leave no doubled space ("?" stands for them in the encoded
    # copy), a real doubled space after one still folds
    norm = normalize("a \u2588 b \u2588  c")
    assert norm.text == "a \u2588 b \u2588 c"
    assert norm.norm_starts == (7,) and norm.orig_ends == (9,)
    # an accented letter and an ellipsis in one run are one replacement: a span ending on the
    # letter widens to the whole run, as a span into any length-changing run does
    norm = normalize("caf\u00e9\u2026 x")
    assert norm.text == "cafe... x"
    assert norm.to_original(0, 4) == (0, 5) and norm.to_original(8, 9) == (6, 7)
    # a soft hyphen (not printable) takes the general pattern; so does a thin space
    assert normalize("Kie\u00advan\u2009war").text == "kievan war"


def test_until_stops_the_scans_after_the_last_offset_needed():
    text = 'One. Two "a b" cc. Three \'x\' dd. Four "e".'
    assert sentence_starts(text) == [0, 5, 19, 33]
    # the starts up to the offset, then the first start past it (where its sentence ends)
    assert sentence_starts(text, until=6) == [0, 5, 19]
    assert sentence_starts(text, until=0) == [0, 5]
    assert sentence_starts(text, until=40) == [0, 5, 19, 33]
    assert quote_bounds(text) == [(9, 14), (25, 28), (38, 41)]
    # every quotation starting up to the offset is there, with its true end
    # the double-quote scan reads on to the end of the offset's paragraph (a closing mark
    # there with nothing open would quote back to the paragraph's start), not past it
    assert quote_bounds(text, until=8) == [(9, 14), (38, 41)]
    two = 'One. Two "a b" cc.\n\nFour "e".'
    assert quote_bounds(two) == [(9, 14), (25, 28)]
    assert quote_bounds(two, until=8) == [(9, 14)]
    assert quote_bounds(text, until=10) == [(9, 14), (38, 41)]
    assert quote_bounds(text, until=25) == [(9, 14), (25, 28), (38, 41)]
    # an open quotation is followed to its end even past the offset
    assert quote_bounds('a "b c d e f" g', until=3) == [(2, 13)]


def test_single_quote_closing_search_acts_as_if_the_text_ended_300_characters_on():
    # the closing mark at the 300th character after the opening one closes even though a
    # letter follows it (the passage is cut there); one character later it does not
    text = "'a" + "b" * 297 + "'c"
    assert quote_bounds(text) == [(0, 300)]
    assert quote_bounds("'a" + "b" * 298 + "'c") == []


def test_quote_bounds_until_agrees_with_the_whole_scan_on_random_text():
    # texts dense in quotation marks, apostrophes and paragraph breaks, long enough that the
    # single-quote closing search (which stops 300 characters past ``until``) is cut short
    rnd = random.Random(3)
    pieces = ["'", "\u2018", "\u2019", '"', "\u201c", "\u201d", " ", "\n\n", "ab", "b.", "c's"]
    checked = 0
    for _ in range(300):
        text = "".join(rnd.choice(pieces) if rnd.random() < 0.3 else "x" * rnd.randint(1, 60)
                       for _ in range(rnd.randint(1, 40)))
        whole = quote_bounds(text)
        for until in range(0, len(text) + 1, 7):
            got = quote_bounds(text, until)
            assert [q for q in got if q[0] <= until] == [q for q in whole if q[0] <= until]
            checked += 1
    assert checked > 2000
    # a mark up to 298 characters after the opening one, followed by a letter, is not a closing
    # mark: a search cut just after it would take it for one
    for at in range(280, 299):
        text = "'a" + "b" * (at - 2) + "'c tail"
        assert quote_bounds(text, until=0) == quote_bounds(text) == [], at
        assert quote_bounds(text[:at + 1], until=0) == [(0, at + 1)]


def test_normaliser_one_byte_path_edges():
    # the Kelvin sign lower-cases to an ASCII "k", which ends the run of non-ASCII characters
    # (as in the lower-cased text); the accented letter and the ellipsis after it are one run
    norm = normalize("\u212a\u00e9\u2026 x")
    assert norm.text == "ke... x"
    assert (norm.norm_starts, norm.norm_ends, norm.orig_starts, norm.orig_ends) == (
        (1,), (5,), (1,), (3,))
    # "İ" lower-cases to two characters: the character-by-character path folds it to "i"
    norm = normalize("\u0130stanbul caf\u00e9")
    assert norm.text == "istanbul cafe" and norm.norm_starts == ()
    # capital sigma lower-cases by context (final "ς"): the general rules with str.lower
    assert normalize("\u039f\u0394\u039f\u03a3 \u03a3\u0391 \u2014 \u201cx\u201d").text == (
        "\u03bf\u03b4\u03bf\u03c2 \u03c3\u03b1 - \"x\"")
    # a block between mapped letters, a no-break space and a thin space next to a space (one
    # run of white space), zero-width and soft hyphen removed inside words
    norm = normalize("Caf\u00e9\u2588\u00e9s\u00a0 \u2009na\u00efve")
    assert norm.text == "cafe\u2588es naive"
    assert (norm.norm_starts, norm.norm_ends, norm.orig_starts, norm.orig_ends) == (
        (7,), (8,), (7,), (10,))
    norm = normalize("A\u200bB \u00c9\u00ad\u00e9")
    assert norm.text == "ab ee"
    assert (norm.norm_starts, norm.norm_ends, norm.orig_starts, norm.orig_ends) == (
        (1, 3), (1, 5), (1, 4), (2, 7))


def test_normaliser_paths_equal_the_general_rules_on_random_text():
    # every path (ASCII, one byte per character, character by character) against the general
    # rules (str.lower over the whole text, then the _SPECIAL runs), breakpoints included, on
    # texts mixing ASCII, white space, mapped letters, runs that change length and "İ"
    from framing.text import _ONE_BYTE_CHARS, _normalize_by_lower

    rnd = random.Random(7)
    alphabet = (list("Ab .\n\t\r\x0b\x1c\x00`'\"-") + list(_ONE_BYTE_CHARS[128:])
                + list("\u2026\ufb01\u00ad\u200b\u2588\u00f8\u00df\u1e9e\u0130\u2009\u3000"
                       "\u0131\u0107\u01c4\u2160\uff21\U0001f600\u0301\u00b2\u017f\u212a"))
    for _ in range(20_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert normalize(text) == _normalize_by_lower(text), text


def test_a_closing_mark_with_nothing_open_quotes_its_paragraph_up_to_it():
    """”/» only close: met with no quotation open they end one that began before the paragraph
    (a continued quotation without its opening mark, or text cut before it); what follows
    is the writer's. ” still opens where an opening mark stands (Swedish ”…”)."""
    cut = "The talks ended.\u201d Officials in Kiev said so."
    assert quote_bounds(cut) == [(0, 17)]
    going_on = ("Putin spoke. \u201cWe will finish it.\n\nThe liberation is our goal,\u201d he "
                "said of Kiev.")
    assert [going_on[a:b] for a, b in quote_bounds(going_on)] == [
        "\u201cWe will finish it.", "The liberation is our goal,\u201d"]
    assert quote_bounds("Was it?\u201d he asked. Kiev replied.") == [(0, 8)]
    assert quote_bounds("Hon sa \u201dKiev regime\u201d i dag.") == [(7, 20)]
    assert quote_bounds("First \u201ca\u201d then b\u00bb c.") == [(6, 9), (9, 17)]
