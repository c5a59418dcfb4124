"""Find the book excerpts in course pages and match them against the source texts."""
import re
import unicodedata

from conftest import cell_source, read_notebook

ATTRIBUTION = re.compile(r"^— \*\*(?P<speaker>[^*]+)\*\*, (?P<role>[^,].*?), (?:in|on) (?P<source>.+)$")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# The Kindle highlights (001) name no speakers. Where a page attributes a highlight, the speaker
# is given here with the reason, so the attribution is a reviewed decision, not a guess; a reader
# with the book should confirm each one.
ATTRIBUTED_FROM_CONTEXT = {
    "we apply dictionary learning": (
        "Bricken", "Kindle location 1277, in Chapter 3's interpretability section; dictionary learning of "
                   "features is Trenton Bricken's own work (Bricken et al. 2023, 'Towards Monosemanticity')"),
}


def normalise(text):
    """Compare text loosely: unicode forms, quotes, dashes, footnote marks and whitespace."""
    text = unicodedata.normalize("NFKC", text.translate({ord(c): None for c in SUPERSCRIPTS + "•"}))
    for curly, plain in (("‘’‚‛`´", "'"), ("“”„‟", '"'), ("‐‑‒–—―−", "-")):
        text = re.sub(f"[{curly}]", plain, text)
    text = text.replace("\\$", "$")
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)  # the transcript leaves a space before punctuation after a link
    return re.sub(r"\s+", " ", text).strip().lower()


def blockquotes(markdown):
    """Each run of '>' lines in a markdown text, as (quote paragraphs, attribution line or None)."""
    quotes, current = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith(">"):
            current.append(line[1:].strip())
        elif current:
            paragraphs = [p.strip() for p in "\n".join(current).split("\n\n") if p.strip()]
            attribution = paragraphs[-1] if paragraphs and paragraphs[-1].startswith("—") else None
            quotes.append((paragraphs[:-1] if attribution else paragraphs, attribution))
            current = []
    return quotes


def page_markdown(path):
    if path.suffix == ".md":
        return [path.read_text()]
    return [cell_source(c) for c in read_notebook(path)["cells"] if c["cell_type"] == "markdown"]


def quote_pieces(paragraphs):
    """The verbatim pieces of a quote: an ellipsis or [...] marks a cut, so each side is checked."""
    text = " ".join(paragraphs)
    return [p for p in re.split(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*", text) if p.strip()]
