"""Find the book excerpts in course pages and match them against the source texts."""
import math
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


# --- Where an excerpt sits in the book ------------------------------------------------------------------
#
# The book's parts, in order, with where each one opens as Kindle locations (source 001's highlights).
# `after` is a location known to lie in an earlier part, `by` one known to lie in this part, so the part
# opens somewhere in (after, by]; `by` is None where no highlight is known to be in the part. Where the
# opening itself is known, after = by - 1. The pages of the Preface and Chapters 1-4 come from source 002's
# page anchors (book_pages below); the evidence column says why each boundary is where it is, and
# tests/test_excerpts.py checks what of it the sources can check.
BOOK_PARTS = (
    # part, after, by, evidence
    ("Preface", 0, 45,
     "45 is the book's first highlight ('A new technology arrives—call it the thing'); 002 quotes the highlight "
     "at 111 ('the current level of investment still falls short of the dot-com boom') in its Preface section, p. 6"),
    ("Primer", 111, None,
     "the Primer follows the Preface in 000 ('Primer', then 'Chapter 1 Scaling'); no highlight falls in it"),
    ("Chapter 1", 111, 244,
     "000 holds Chapter 1 in full: the highlights at 244-716 are in its text after 'Chapter 1 Scaling'; 002 "
     "quotes 244 at p. 15, in its Scaling section"),
    ("Chapter 2", 716, 750,
     "716 is the last highlight inside 000's Chapter 1; 750 (Jack Clark's capability overhang) is not in 000, "
     "and 002 quotes it in its Evals section (pp. 47-66)"),
    ("Chapter 3", 1029, 1030,
     "1030 is Chapter 3's opening paragraph, framing questions in the authors' voice ('We understand an LLM's "
     "architecture and objective just fine ...'); at 002's rate (111 = p. 6, 244 = p. 15: 14.8 locations a "
     "page) it is p. 68, between Evals' last anchor (p. 66) and Internals' first (p. 71); 1010 is p. 66.8"),
    ("Chapter 4", 1308, 1422,
     "002 ends Internals with Amodei at p. 88 and opens Safety with Carlsmith at p. 91 (so Chapter 4 starts "
     "about p. 89); 1308 is p. 86.9 at 002's rate and is the interpretability answer ('absent gradient "
     "hacking') that 002 discusses in Internals; 1422 is p. 94.6"),
    ("Chapter 5", 1754, 1767,
     "1767 opens Inputs in the authors' voice ('When we scale a model, what we're scaling are its inputs'); "
     "1754 is the parenthood analogy for shaping an AI's values, Safety's subject"),
    ("Chapter 6", 2050, 2063,
     "2063 opens Impact in the authors' voice ('Right now, it's easy to tell a deflationary tale about LLMs'); "
     "2050 is Amodei on the supply of data, an input"),
    ("Chapter 7", 2063, 2830,
     "not established from these sources: 2830 ('three OOMs into the intelligence explosion') is Explosion's "
     "subject, and 2063 opens Chapter 6; the highlights between (2080-2622) may be in either chapter"),
    ("Chapter 8", 2830, None,
     "not established: no highlight is known to be in Timelines; it opens after 2830 and before the essays"),
    ("essays", 2830, 3107,
     "3107 is Sutton's 'The Bitter Lesson' (computer Go), one of the classic essays the book reprints after "
     "its chapters"),
    ("glossary", 3210, 3648,
     "3648-4104 are alphabetical definitions ('Ablate' to 'Zero-shot'), the book's glossary"),
)
CHAPTER_ONE_HEADING = "Chapter 1 Scaling"
PAGE_ANCHOR = re.compile(r"\[\^pg\.? ?(\d+)\]")
NOTES_SECTION = re.compile(r"^## (Preface|(\d): \w+)", re.M)


def highlights(raw_001):
    """[(Kindle location, normalised text)] of the Kindle highlights (source 001)."""
    return [(int(m[2]), normalise(m[1]))
            for m in re.finditer(r"(?s)(?:^|\n---\n)(.*?) — location: \[(\d+)\]", raw_001)]


def book_pages(raw_002):
    """{part: (first page, last page)} from the page anchors in each section of the reader's notes (002)."""
    sections = list(NOTES_SECTION.finditer(raw_002)) + [None]
    pages = {}
    for start, end in zip(sections, sections[1:]):
        text = raw_002[start.end():end.start() if end else len(raw_002)]
        anchors = [int(p) for p in PAGE_ANCHOR.findall(text)]
        part = "Preface" if start[1] == "Preface" else f"Chapter {start[2]}"
        if anchors:
            pages[part] = (min(anchors), max(anchors))
    return pages


def estimated_page(location):
    """The printed page of a Kindle location at the rate of 002's two anchors that are also highlights:
    location 111 is p. 6 and location 244 is p. 15 (14.8 locations a page). Good to a few pages."""
    return 6 + (location - 111) * (15 - 6) / (244 - 111)


def parts_for_location(location, parts=BOOK_PARTS):
    """The parts of the book a Kindle location can lie in, given what BOOK_PARTS knows."""
    possible = set()
    for i, (part, after, _, _) in enumerate(parts):
        later = [by for _, _, by, _ in parts[i + 1:] if by is not None]
        if location > after and (not later or location < min(later)):
            possible.add(part)
    return possible


def parts_for_page(page, pages):
    """The parts a printed page can lie in, from {part: (first, last)} anchors (Preface and Chapters 1-4)."""
    order = list(pages)
    possible = set()
    for i, part in enumerate(order):
        previous_last = pages[order[i - 1]][1] if i else 0
        next_first = pages[order[i + 1]][0] if i + 1 < len(order) else math.inf
        if previous_last < page < next_first:
            possible.add(part)
    return possible


def stated_parts(attribution):
    """The parts of the book an attribution names: {'Chapter 4'}, {'Chapter 6', 'Chapter 7'} for 'Chapter 6
    or 7', {'Preface'}, {'Primer'}, {'glossary'}; None when it names none or is not the book."""
    match = ATTRIBUTION.match(attribution) or UNNAMED.match(attribution)
    source = match["source"] if match else ""
    if "The Scaling Era" not in source:
        return None
    chapters = re.search(r"Chapter (\d)(?: or (\d))?", source)
    if chapters:
        return {f"Chapter {n}" for n in chapters.groups() if n}
    for part in ("Preface", "Primer", "glossary"):
        if part in source:
            return {part}
    return None


def stated_location(attribution):
    found = re.search(r"Kindle locations? (\d+)", attribution)
    return int(found[1]) if found else None


def stated_page(attribution):
    found = re.search(r"\bp\. (\d+)", attribution)
    return int(found[1]) if found else None


def placement(pieces, raw_sources):
    """Where an excerpt (its normalised pieces) lies in the book, as a dict: `parts` it can lie in (None if
    the source cannot say), `location` (Kindle location of its first piece) and `pages` (002's page anchors
    near it), or None when the excerpt is not the book's text (the podcast, the interview summary)."""
    by_prefix = {name[:3]: text for name, text in raw_sources.items()}
    entries = highlights(by_prefix["001"])
    located = [location for location, text in entries if pieces[0] in text]
    if located and all(any(piece in text for _, text in entries) for piece in pieces):
        return {"parts": parts_for_location(located[0]), "location": located[0], "pages": None}
    chapter_one = by_prefix["000"]
    whole = normalise(chapter_one)
    if all(piece in whole for piece in pieces):
        before_chapter = len(normalise(chapter_one[:chapter_one.index(CHAPTER_ONE_HEADING)]))
        return {"parts": {"Primer"} if whole.find(pieces[0]) < before_chapter else {"Chapter 1"},
                "location": None, "pages": None}
    notes = normalise(by_prefix["002"])
    if all(piece in notes for piece in pieces):
        at = notes.find(pieces[0])
        nearby = notes[max(0, at - 300):at + len(" ".join(pieces)) + 300]
        pages = {int(p) for p in re.findall(r"\[\^pg\.? ?(\d+)\]", nearby)}
        return {"parts": None, "location": None, "pages": pages}
    return None
