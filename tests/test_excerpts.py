"""Every excerpt in the course is verbatim from ../shared/sources, short, and attributed."""
from pathlib import Path

import pytest
from conftest import ROOT, sources_dir
from excerpts import ATTRIBUTED_FROM_CONTEXT, ATTRIBUTION, blockquotes, normalise, page_markdown, quote_pieces

PAGES = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "book").glob("*.md")) + \
    sorted((ROOT / "exercises").glob("*.ipynb"))
EXCERPTS = [(page, quote, attribution) for page in PAGES for text in page_markdown(page)
            for quote, attribution in blockquotes(text)]


@pytest.fixture(scope="module")
def sources():
    folder = sources_dir()
    files = sorted(Path(folder).glob("*.txt"))
    if not files:
        pytest.fail(f"The source texts are missing: expected .txt files in {folder} "
                    f"(clone beside ../shared, or set SCALING_SOURCES).")
    return {f.name: normalise(f.read_text(encoding="utf-8")) for f in files}


def test_pages_have_excerpts():
    assert len(EXCERPTS) >= 8


@pytest.mark.parametrize("page, quote, attribution", EXCERPTS,
                         ids=[f"{p.name}:{' '.join(q)[:40]}" for p, q, _ in EXCERPTS])
def test_excerpt_is_verbatim_short_and_attributed(sources, page, quote, attribution):
    assert attribution, f"{page.name}: a block quote needs an attribution line '— **Speaker**, role, in Source'"
    match = ATTRIBUTION.match(attribution)
    assert match, f"{page.name}: attribution not in the form '— **Speaker**, role, in Source': {attribution}"
    source = match["source"]
    assert "The Scaling Era" in source or ("Dwarkesh Podcast" in source and any(c.isdigit() for c in source)), \
        f"the source must name the book chapter, or the podcast episode and timestamp: {source}"
    words = " ".join(quote).split()
    assert 5 <= len(words) <= 90, f"excerpts stay short (a few sentences); this one has {len(words)} words"
    pieces = [normalise(piece) for piece in quote_pieces(quote)]
    homes = [name for name, text in sources.items() if all(piece in text for piece in pieces)]
    assert homes, f"{page.name}: not found verbatim in the sources: {' '.join(quote)[:120]}"
    surname = normalise(match["speaker"].split()[-1])
    named_in_source = any(surname in sources[name] for name in homes)
    reviewed = {normalise(speaker) for key, (speaker, _) in ATTRIBUTED_FROM_CONTEXT.items() if key in " ".join(pieces)}
    assert named_in_source or surname in reviewed, \
        f"{match['speaker']} does not appear in the source that holds this quote"


def test_reviewed_attributions_are_all_used():
    quoted = " ".join(normalise(" ".join(quote)) for _, quote, _ in EXCERPTS)
    assert all(key in quoted for key in ATTRIBUTED_FROM_CONTEXT)


def test_normalise_handles_typography():
    assert normalise("It’s “scaling” — 2010.¹⁹  Next") == normalise("It's \"scaling\" - 2010. Next")
