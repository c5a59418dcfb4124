"""Find the book excerpts in course pages and match them against the source texts."""
import re
import unicodedata

from helpers import cell_source, read_notebook

ATTRIBUTION = re.compile(r"^— \*\*(?P<speaker>[^*]+)\*\*, (?P<role>[^,].*?), (?:in|on) (?P<source>.+)$")
# A passage whose speaker the sources do not name is credited to the book alone, saying so.
UNNAMED = re.compile(r"^— (?P<source>\*The Scaling Era\*, .+) \((?P<how>[^)]*(?:speaker not named|no speaker)[^)]*)\)$")

# Speaker labels in the sources that carry them: the Chapter 1 text (000) puts the speaker's name in
# capitals on its own line before each answer; the podcast transcript (004) writes "Name 00:17:15".
CHAPTER_ONE_SPEAKERS = ("DWARKESH PATEL", "DARIO AMODEI", "JARED KAPLAN", "ILYA SUTSKEVER", "CARL SHULMAN",
                        "SHANE LEGG", "SHOLTO DOUGLAS", "TRENTON BRICKEN", "LEOPOLD ASCHENBRENNER",
                        "DEMIS HASSABIS", "GWERN BRANWEN")
CHAPTER_ONE_LABEL = re.compile(r"^(?:[IVX]+\. )?(" + "|".join(CHAPTER_ONE_SPEAKERS) + r")\b", re.M)
PODCAST_LABEL = re.compile(r"(dwarkesh patel|sholto douglas|trenton bricken) (\d{1,2}:\d\d:\d\d)")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# The Kindle highlights (001) name no speakers. Where a page attributes a highlight, the speaker
# is given here with the reason, so the attribution is a reviewed decision, not a guess; a reader
# with the book should confirm each one.
ATTRIBUTED_FROM_CONTEXT = {
    "there is no one test that would do it": (
        "Legg", "the highlight itself names him: the question ends and 'Shane Legg' opens the answer"),
    "what about all the capabilities we don't know about": (
        "Clark", "the highlight's own sentence: 'Anthropic cofounder Jack Clark calls this uncertainty … He asks'"),
    "we understand an llm's architecture and objective just fine": (
        "Leech", "Kindle location 1030 opens Chapter 3 with framing questions in the authors' voice, not an "
                 "answer to an interviewer; credited to both authors"),
    "there are many sources of data in the world": (
        "Amodei", "Kindle location 2050: the same highlight goes on 'Dwarkesh Patel Are you talking about multimodal "
                  "data? Dario Amodei There are just many different ways to do it', so the answer before Patel's "
                  "question is Amodei's"),
    "ilya sutskever told me that the researchers closest": (
        "Patel", "Kindle location 2968: the narrator reports what Sutskever 'told me'; the book's interviews are "
                 "Dwarkesh Patel's"),
    **{key: ("Leech", "Kindle locations 45-111 are the Preface, in the editors' own voice ('we made it', 'we tend "
                      "to round it down'), before any interview begins; credited to both authors")
       for key in ("a new technology arrives", "we don't really know how the resulting model works",
                   "we haven't gotten used to the thing's unevenness", "the world is investing more than $100 billion",
                   "most people don't seem that interested in the thing")},
    "we apply dictionary learning": (
        "Bricken", "Kindle location 1277, in Chapter 3's interpretability section; dictionary learning of "
                   "features is Trenton Bricken's own work (Bricken et al. 2023, 'Towards Monosemanticity')"),
}


def nearest_speaker(file_name, raw_text, first_piece):
    """The speaker label nearest before the passage that starts with first_piece (normalised), as
    (surname, timestamp or None); None when the file carries no labels or the passage is not found."""
    if file_name.startswith("000_"):
        offset = 0
        for line in raw_text.splitlines(keepends=True):
            if first_piece[:60] in normalise(line):
                labels = CHAPTER_ONE_LABEL.findall(raw_text[:offset])
                # Before the first interview the chapter is the authors' own introduction.
                return (labels[-1].split()[-1].lower() if labels else "patel and leech", None)
            offset += len(line)
        return None
    if file_name.startswith("004_"):
        text = normalise(raw_text)
        position = text.find(first_piece)
        labels = list(PODCAST_LABEL.finditer(text[:position])) if position >= 0 else []
        return (labels[-1][1].split()[-1], labels[-1][2].zfill(8)) if labels else None
    return None


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
