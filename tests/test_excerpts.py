"""Every excerpt in the course is verbatim from ../shared/sources, short, and attributed."""
from pathlib import Path

import pytest
from helpers import ROOT, sources_dir
import re

from excerpts import (ATTRIBUTED_FROM_CONTEXT, ATTRIBUTION, UNNAMED, blockquotes, nearest_speaker, normalise,
                      page_markdown, quote_pieces)

PAGES = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md")) + \
    sorted((ROOT / "exercises").glob("*.ipynb"))
EXCERPTS = [(page, quote, attribution) for page in PAGES for text in page_markdown(page)
            for quote, attribution in blockquotes(text)]


@pytest.fixture(scope="module")
def raw_sources():
    folder = sources_dir()
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        pytest.fail(f"The source texts are missing: expected .txt files in {folder} "
                    f"(clone beside ../shared, or set SCALING_SOURCES).")
    return {f.name: f.read_text(encoding="utf-8") for f in files}


@pytest.fixture(scope="module")
def sources(raw_sources):
    return {name: normalise(text) for name, text in raw_sources.items()}


def test_pages_have_excerpts():
    assert len(EXCERPTS) >= 8


@pytest.mark.parametrize("page, quote, attribution", EXCERPTS,
                         ids=[f"{p.name}:{' '.join(q)[:40]}" for p, q, _ in EXCERPTS])
def test_excerpt_is_verbatim_short_and_attributed(sources, raw_sources, page, quote, attribution):
    assert attribution, f"{page.name}: a block quote needs an attribution line '— **Speaker**, role, in Source'"
    match, unnamed = ATTRIBUTION.match(attribution), UNNAMED.match(attribution)
    assert match or unnamed, (f"{page.name}: attribution not in the form '— **Speaker**, role, in Source' "
                              f"or '— *The Scaling Era*, Chapter … (… speaker not named)': {attribution}")
    source = (match or unnamed)["source"]
    assert "The Scaling Era" in source or ("Dwarkesh Podcast" in source and any(c.isdigit() for c in source)), \
        f"the source must name the book chapter, or the podcast episode and timestamp: {source}"
    words = " ".join(quote).split()
    assert 5 <= len(words) <= 90, f"excerpts stay short (a few sentences); this one has {len(words)} words"
    pieces = [normalise(piece) for piece in quote_pieces(quote)]
    homes = [name for name, text in sources.items() if all(piece in text for piece in pieces)]
    assert homes, f"{page.name}: not found verbatim in the sources: {' '.join(quote)[:120]}"
    labelled = {name: nearest_speaker(name, raw_sources[name], pieces[0]) for name in homes}
    labelled = {name: label for name, label in labelled.items() if label}
    if unnamed:
        assert not labelled, f"the sources name this passage's speaker ({labelled}): credit them"
        return
    surname = normalise(match["speaker"].split()[-1])
    if labelled:  # the Chapter 1 text or the transcript names the speaker: it must be the one credited
        credited = normalise(match["speaker"]).split()
        for name, (label, timestamp) in labelled.items():
            assert all(word in credited for word in label.split() if word != "and"), \
                f"{name} gives this passage to {label}, but the page credits {match['speaker']}"
            if timestamp and "Dwarkesh Podcast" in source:
                stated = re.findall(r"\d{1,2}:\d\d:\d\d", source)
                assert stated and stated[-1].zfill(8) == timestamp, \
                    f"the transcript's timestamp for this passage is {timestamp}, the page says {stated}"
        return
    reviewed = {normalise(speaker) for key, (speaker, _) in ATTRIBUTED_FROM_CONTEXT.items() if key in " ".join(pieces)}
    unlabelled = [name for name in homes if name.startswith(("001_", "002_"))]
    if unlabelled:  # the highlights and notes name nobody: only a reviewed decision may credit a speaker
        assert surname in reviewed, (f"{match['speaker']} is credited for a passage whose source names no speaker: "
                                     f"record the reason in ATTRIBUTED_FROM_CONTEXT or credit the book")
    else:
        assert any(surname in sources[name] for name in homes), \
            f"{match['speaker']} does not appear in the source that holds this quote"


def test_speaker_labels_are_read(raw_sources):
    """The label lookup finds the right speaker in both labelled sources (guards the test itself)."""
    chapter_one = next(name for name in raw_sources if name.startswith("000_"))
    podcast = next(name for name in raw_sources if name.startswith("004_"))
    piece = normalise("The truth is that we still don't know.")
    assert nearest_speaker(chapter_one, raw_sources[chapter_one], piece) == ("amodei", None)
    piece = normalise("So back in the 1980s, Pentti Kanerva came up with an associative memory algorithm")
    assert nearest_speaker(podcast, raw_sources[podcast], piece) == ("bricken", "00:21:52")


def test_reviewed_attributions_are_all_used():
    quoted = " ".join(normalise(" ".join(quote)) for _, quote, _ in EXCERPTS)
    assert all(key in quoted for key in ATTRIBUTED_FROM_CONTEXT)


def test_normalise_handles_typography():
    assert normalise("It’s “scaling” — 2010.¹⁹  Next") == normalise("It's \"scaling\" - 2010. Next")
