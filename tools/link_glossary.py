"""Link each glossary term's first appearance in every chapter: `python tools/link_glossary.py`.

Reads the terms from book/glossary.md and, in each chapter notebook in book/, wraps the first use
of each term in running text as {term}`text <Term>`. Quotations (block quotes), headings, code,
math, links and the references section are left alone, so excerpts stay verbatim. Running it again
changes nothing; tests/test_glossary.py checks that the chapters are up to date.

    python tools/link_glossary.py          # rewrite the chapters
    python tools/link_glossary.py --check  # exit 1 if any chapter would change
"""
import json
import re
import sys
from pathlib import Path

from scaling_course import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"
# Spans a link must not go inside: code and roles, inline math, markdown links, HTML tags, URLs, and
# anything in quotation marks (paper titles, words quoted from the book).
PROTECTED = re.compile(r"`[^`]*`|\$[^$]*\$|\[[^\]]*\]\([^)]*\)|<[^>]+>|https?://\S+|\"[^\"]*\"|“[^”]*”")


def glossary_entries(text=None):
    """[(canonical term, [surface forms])] from the glossary directive, longest forms first."""
    text = GLOSSARY.read_text() if text is None else text
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    entries, aliases = [], []
    for line in block.splitlines():
        if line.strip() and not line.startswith(" "):
            aliases.append(line.strip())
        elif line.strip() and aliases:
            entries.append((aliases[0], aliases))
            aliases = []
    return entries


def surface_pattern(term):
    """A regex for a term in running text: whole words, plurals, case-insensitive unless an acronym."""
    if " of " in term:  # "order of magnitude" -> "orders of magnitude"
        head, tail = term.split(" of ", 1)
        body = re.escape(head) + r"(?:s)?" + re.escape(" of " + tail)
    else:
        body = re.escape(term) + r"(?:s|es)?"
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.compile(r"(?<![\w`{<\-/])(" + body + r")(?![\w\-])", flags)



def link_line(line, pending):
    """Link the first use in this line of each term still pending; returns the new line."""
    for canonical, patterns in sorted(pending.items(), key=lambda item: -len(item[0])):
        protected = [m.span() for m in PROTECTED.finditer(line)]
        for pattern in patterns:
            for match in pattern.finditer(line):
                start, end = match.span(1)
                if any(a <= start < b or a < end <= b for a, b in protected):
                    continue
                line = f"{line[:start]}{{term}}`{match.group(1)} <{canonical}>`{line[end:]}"
                del pending[canonical]
                break
            if canonical not in pending:
                break
    return line


def link_markdown(cells):
    """Link first uses across a chapter's markdown cells (a list of source strings), in order."""
    pending = {canonical: [surface_pattern(a) for a in aliases] for canonical, aliases in glossary_entries()}
    linked = set(re.findall(r"\{term\}`[^`<]*<([^>]+)>`", "\n".join(cells)))
    for canonical in linked:
        pending.pop(canonical, None)
    result = []
    for source in cells:
        lines, in_code, in_references = [], False, False
        for line in source.split("\n"):
            stripped = line.lstrip()
            if stripped.startswith("```"):
                in_code = not in_code
            if stripped.startswith("## References"):
                in_references = True
            if not (in_code or in_references or stripped.startswith((">", "#", "|", "<!--"))):
                line = link_line(line, pending)
            lines.append(line)
        result.append("\n".join(lines))
    return result


def link_notebook(path):
    """The notebook's text with glossary links added (the stored format: indent 1, UTF-8)."""
    notebook = json.loads(path.read_text())
    markdown = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in markdown]
    for cell, source in zip(markdown, link_markdown(sources)):
        cell["source"] = source
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def chapters():
    return [ROOT / "book" / f"{unit.stem(key)}.ipynb" for key, unit in CHAPTERS.items()]  # the registry's units


if __name__ == "__main__":
    stale = []
    for chapter in chapters():
        text = link_notebook(chapter)
        if text != chapter.read_text():
            stale.append(chapter.name)
            if "--check" not in sys.argv:
                chapter.write_text(text)
    if "--check" in sys.argv and stale:
        print("glossary links out of date:", ", ".join(stale))
        sys.exit(1)
    print(f"{'checked' if '--check' in sys.argv else 'linked'} {len(chapters())} chapters")
