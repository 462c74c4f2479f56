"""The cheap tests that let the matcher skip work must never skip a real match."""

from __future__ import annotations

import random

from framing.matching import (
    _ARTICLES, _DISTANCING, _NEGATOR_PARTS, _NEGATORS, _WINDOW_TOKEN, _may_be_distanced,
)

# every word the distancing and negation rules look for, and words that look like them
_WORDS = (
    "so-called so called socalled alleged allegedly self-proclaimed self styled purported "
    "supposed quote-unquote what critics call calls called terms termed describes described "
    "describing as referred referring refers to brands branded labels labelled labeling it them "
    "dub dubs dubbed dubbing the a an its their was has ideas recall bitterm not no none nobody "
    "nothing never neither nor without cannot deny denies denied denying reject rejected isn't "
    "don't know now president , ; ( ) but however war"
).split()


def _windows(n: int, seed: int = 0):
    rnd = random.Random(seed)
    for _ in range(n):
        words = [rnd.choice(_WORDS) for _ in range(rnd.randint(0, 8))]
        seps = [rnd.choice((" ", " ", " ", '"', "' ", ' "', "-")) for _ in words]
        yield "".join(w + s for w, s in zip(words, seps))[-48:]


def test_distancing_pretest_never_skips_a_match():
    matched = 0
    for window in _windows(20_000):
        if _DISTANCING.search(window):
            matched += 1
            assert _may_be_distanced(window), window
    assert matched > 500  # the vocabulary does exercise the pattern
    assert _may_be_distanced('the so-called "') and _may_be_distanced("what putin calls a ")
    assert not _may_be_distanced("the president said ")
    assert all(a.startswith(" ") for a in _ARTICLES)


def test_negator_parts_cover_every_negator_token():
    assert all(any(part in neg for part in _NEGATOR_PARTS) for neg in _NEGATORS)
    for window in _windows(10_000, seed=1):
        if any(t in _NEGATORS or t.endswith("n't") for t in _WINDOW_TOKEN.findall(window)):
            assert any(part in window for part in _NEGATOR_PARTS), window


def test_hits_built_from_slots_equal_hits_built_by_the_constructor():
    import pickle

    from framing import Hit
    from framing.matching import _HIT_SLOTS, _hits

    row = ("a1", "kiev", "old-name", "kremlin", "Kiev", 3, 7, "Kiev", 0, "In Kiev today.",
           "authorial", True, 1.5, "", False)
    assert _HIT_SLOTS is not None  # Hit is a slotted dataclass of HIT_COLUMNS: the fast path runs
    fast, slow = _hits([row])[0], Hit(*row)
    assert type(fast) is Hit and fast == slow and hash(fast) == hash(slow)
    assert repr(fast) == repr(slow) and pickle.loads(pickle.dumps(fast)) == slow
    assert _hits([]) == []
