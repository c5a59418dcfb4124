"""Keep the chapter notebooks' Markdown plain CommonMark: `python tools/plain_markdown.py [--check]`.

Colab, a plain JupyterLab and JupyterLite render no MyST, so the notebooks in book/ hold none. This tool
writes, from book/glossary.md and references.bib:

- glossary links: the first use of each glossary term in a chapter's running text becomes a link to the
  term's entry on the published site, `[power law](<site>/book/glossary.html#term-Power-law)`. Quotations
  (block quotes), headings, code, maths, links and the References section are left alone, so excerpts stay
  verbatim;
- citations: a link to the paper with author-year text, `[Kaplan et al. (2020)](https://arxiv.org/abs/2001.08361)`
  in running text and `([Kaplan et al., 2020](...))` in brackets. Writing the MyST roles
  {cite:t}`chN-key` / {cite:p}`chN-key` (or {term}`text <Term>`) still works: the tool turns them into links;
- the reference list: the list at the end of the chapter's `## References` section, one entry per paper the
  page links (author-year, title, venue, link), replacing whatever list or {bibliography} directive stood there.
  Prose between the heading and the list is kept;
- the Key takeaways box: a paragraph `**Key takeaways**` followed by a list (a MyST admonition becomes one).

On the site, _ext/plain_links.py turns the glossary links back into term references, points citations at
the page's reference list and draws the takeaways as a box. Running the tool again changes nothing;
tests/test_plain_markdown.py fails when a notebook is out of date.

    python tools/plain_markdown.py          # rewrite the chapters
    python tools/plain_markdown.py --check  # exit 1 if any chapter would change
"""
import codecs
import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pybtex.database import parse_file
from sphinx.util.nodes import _make_id

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_address import address  # noqa: E402

from scaling_course import CHAPTERS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"
BIB = ROOT / "references.bib"
REFERENCES_HEADING = "## References"
TAKEAWAYS = "**Key takeaways**"
# Spans a link must not go inside: code and roles, inline math, markdown links, HTML tags, URLs, and
# anything in quotation marks (paper titles, words quoted from the book).
PROTECTED = re.compile(r"`[^`]*`|\$[^$]*\$|\[[^\]]*\]\([^)]*\)|<[^>]+>|https?://\S+|\"[^\"]*\"|“[^”]*”")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
TERM_ROLE = re.compile(r"\{term\}`([^`<]*?)\s*<([^>]+)>`|\{term\}`([^`<]+)`")
CITE_ROLE = re.compile(r"\{cite:([tp])\}`([^`]+)`")
KEY_PREFIX = re.compile(r"^(?:ch\d+|lab)-")
ADMONITION = re.compile(r"```\{admonition\} Key takeaways\n(?::class: \w+\n)?\n?(.*?)\n```", re.S)


# ---- the glossary ------------------------------------------------------------------------------------------

def glossary_entries(text=None):
    """[(canonical term, [surface forms])] from the glossary directive, in the glossary's order."""
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


def term_anchor(term):
    """The id Sphinx gives a glossary term (sphinx.util.nodes.make_id): 'Power law' -> 'term-Power-law'."""
    return _make_id(f"term-{term}")


def glossary_url(term=None):
    """The address of the site's glossary page, or of one term's entry on it."""
    page = address() + "book/glossary.html"
    return page if term is None else f"{page}#{term_anchor(term)}"


def linked_terms(text):
    """The canonical terms a text links to on the site's glossary page."""
    anchors = {term_anchor(canonical): canonical for canonical, _ in glossary_entries()}
    prefix = glossary_url() + "#"
    return [anchors.get(url[len(prefix):], url) for _, url in LINK.findall(text) if url.startswith(prefix)]


def surface_pattern(term):
    """A regex for a term in running text: whole words, plurals, case-insensitive unless an acronym."""
    if " of " in term:  # "order of magnitude" -> "orders of magnitude"
        head, tail = term.split(" of ", 1)
        body = re.escape(head) + r"(?:s)?" + re.escape(" of " + tail)
    else:
        body = re.escape(term) + r"(?:s|es)?"
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.compile(r"(?<![\w`{<\-/\[])(" + body + r")(?![\w\-])", flags)


def link_line(line, pending):
    """Link the first use in this line of each term still pending; returns the new line."""
    for canonical, patterns in sorted(pending.items(), key=lambda item: -len(item[0])):
        protected = [m.span() for m in PROTECTED.finditer(line)]
        for pattern in patterns:
            for match in pattern.finditer(line):
                start, end = match.span(1)
                if any(a <= start < b or a < end <= b for a, b in protected):
                    continue
                line = f"{line[:start]}[{match.group(1)}]({glossary_url(canonical)}){line[end:]}"
                del pending[canonical]
                break
            if canonical not in pending:
                break
    return line


def running_text(source):
    """(line, is running text) for each line of a cell: not code, quotes, headings, tables or References."""
    in_code, in_references = False, False
    for line in source.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_code = not in_code
        if stripped.startswith(REFERENCES_HEADING):
            in_references = True
        yield line, not (in_code or in_references or stripped.startswith((">", "#", "|", "<!--")))


def link_terms(cells):
    """Link first uses across a chapter's markdown cells (a list of source strings), in order."""
    pending = {canonical: [surface_pattern(a) for a in aliases] for canonical, aliases in glossary_entries()}
    for canonical in linked_terms("\n".join(cells)):
        pending.pop(canonical, None)
    return ["\n".join(link_line(line, pending) if text else line for line, text in running_text(source))
            for source in cells]


def term_roles_to_links(source):
    """{term}`text <Term>` and {term}`Term` -> [text](glossary#term-Term)."""
    def link(match):
        text, term = (match[1], match[2]) if match[2] else (match[3], match[3])
        return f"[{text.strip()}]({glossary_url(canonical_term(term.strip()))})"
    return TERM_ROLE.sub(link, source)


def canonical_term(term):
    for canonical, aliases in glossary_entries():
        if term.lower() in (a.lower() for a in aliases):
            return canonical
    raise SystemExit(f"{{term}}`{term}` is not in book/glossary.md: add it there first.")


# ---- the bibliography --------------------------------------------------------------------------------------

def latex(text):
    """BibTeX field text as plain text: accents decoded, braces dropped, dashes and \\& as characters."""
    return re.sub(r"[{}]", "", codecs.decode(text, "ulatex")).replace("\\$", "$").replace("~", " ").strip()


def markdown_escape(text):
    return re.sub(r"([\\`*_\[\]<$])", r"\\\1", text)


@lru_cache(maxsize=None)
def bibliography(path=BIB):
    """{key: entry} of references.bib, each entry a dict: label, year, link, url, text (the list's line)."""
    database = parse_file(str(path))
    entries = {}
    for key, entry in database.entries.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        people = entry.persons.get("author", [])
        others = any(str(p) == "others" for p in people)
        people = [p for p in people if str(p) != "others"]
        surnames = [latex(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not surnames or "year" not in fields:
            raise SystemExit(f"references.bib: {key} needs an author and a year.")
        if len(surnames) == 1 and not others:
            label = surnames[0]
        elif len(surnames) == 2 and not others:
            label = f"{surnames[0]} and {surnames[1]}"
        else:
            label = f"{surnames[0]} et al."
        if "doi" in fields:
            url = "https://doi.org/" + fields["doi"]
        elif "eprint" in fields:
            url = "https://arxiv.org/abs/" + fields["eprint"]
        elif "url" in fields:
            url = fields["url"]
        else:
            raise SystemExit(f"references.bib: {key} has no doi, eprint or url: give it one (a link learners can open).")
        names = [latex(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names)) for p in people]
        if others:
            authors = ", ".join(names) + " et al."
        elif len(names) > 2:
            authors = ", ".join(names[:-1]) + ", and " + names[-1]
        else:
            authors = " and ".join(names)
        year = fields["year"]
        title = latex(fields.get("title", key))
        venue = latex(fields.get("journal") or fields.get("booktitle") or fields.get("howpublished")
                      or fields.get("publisher") or "")
        details = [f"vol. {fields['volume']}" if "volume" in fields else "",
                   f"no. {fields['number']}" if "number" in fields else "",
                   f"pp. {latex(fields['pages'])}" if "pages" in fields else ""]
        venue = ", ".join(part for part in [venue and f"*{markdown_escape(venue)}*", *details] if part)
        identifier = (f"doi:{fields['doi']}" if "doi" in fields else f"arXiv:{fields['eprint']}"
                      if "eprint" in fields else "")
        note = markdown_escape(latex(fields["note"])) if "note" in fields else ""
        parts = [f"{markdown_escape(authors)} ({year})", f"[{markdown_escape(title)}]({url})", venue, identifier, note]
        entries[key] = {"label": label, "year": year, "url": url,
                        "text": " ".join(part if part.endswith((".", "?", "!")) else part + "."
                                         for part in parts if part)}
    urls = {}
    for key, entry in entries.items():
        if entry["url"] in urls:
            raise SystemExit(f"references.bib: {urls[entry['url']]} and {key} link the same page: merge them.")
        urls[entry["url"]] = key
    return entries


def entry_by_url(url):
    return {entry["url"]: key for key, entry in bibliography().items()}.get(url)


def citation_text(key, parenthetical):
    entry = bibliography()[key]
    return f"{entry['label']}, {entry['year']}" if parenthetical else f"{entry['label']} ({entry['year']})"


def citation(keys, parenthetical):
    """The Markdown for one citation of one or more keys."""
    links = [f"[{citation_text(key, parenthetical)}]({bibliography()[key]['url']})" for key in keys]
    return f"({'; '.join(links)})" if parenthetical else ", ".join(links[:-1]) + (" and " if links[:-1] else "") + links[-1]


def cite_roles_to_links(source):
    def link(match):
        keys = [KEY_PREFIX.sub("", key.strip()) for key in match[2].split(",")]
        missing = [key for key in keys if key not in bibliography()]
        if missing:
            raise SystemExit(f"{{cite}}`{match[2]}`: {', '.join(missing)} not in references.bib: add the entry first.")
        return citation(keys, match[1] == "p")
    return CITE_ROLE.sub(link, source)


def without_reference_list(source):
    """The cell without the list that closes its References section."""
    head, heading, tail = source.partition(REFERENCES_HEADING)
    return head + heading + re.split(r"^(?:- |```\{bibliography\})", tail, maxsplit=1, flags=re.M)[0]


def cited_keys(cells):
    """The references.bib keys a chapter's cells link to, in order of first citation (its References list excluded)."""
    keys = []
    for source in cells:
        for _, url in LINK.findall(without_reference_list(source)):
            key = entry_by_url(url)
            if key and key not in keys:
                keys.append(key)
    return keys


def reference_list(keys):
    entries = sorted((bibliography()[key] for key in keys), key=lambda e: (e["label"].lower(), e["year"], e["text"]))
    return "\n".join(f"- {entry['text']}" for entry in entries)


def with_references(source, keys):
    """The cell with its References section's list (or {bibliography} directive) replaced by the generated list."""
    head, heading, tail = source.partition(REFERENCES_HEADING)
    if not heading:
        return source
    kept = without_reference_list(heading + tail)[len(heading):].rstrip()
    body = reference_list(keys)
    return f"{head}{heading}{kept}\n\n{body}" if body else f"{head}{heading}{kept}"


# ---- the notebooks -----------------------------------------------------------------------------------------

def takeaways_plain(source):
    """A MyST Key takeaways admonition -> a **Key takeaways** paragraph and its list."""
    return ADMONITION.sub(lambda m: f"{TAKEAWAYS}\n\n{m[1].strip()}", source)


def plain_cells(cells):
    """A chapter's markdown cells (source strings, in order) in the course's plain Markdown."""
    cells = [takeaways_plain(cite_roles_to_links(term_roles_to_links(source))) for source in cells]
    cells = link_terms(cells)
    keys = cited_keys(cells)
    return [with_references(source, keys) for source in cells]


def plain_notebook(path):
    """The notebook's text with its Markdown made plain (the stored format: indent 1, UTF-8)."""
    notebook = json.loads(Path(path).read_text())
    markdown = [c for c in notebook["cells"] if c["cell_type"] == "markdown"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in markdown]
    for cell, old, new in zip(markdown, sources, plain_cells(sources)):
        if new != old:
            cell["source"] = new if isinstance(cell["source"], str) else new.splitlines(keepends=True)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def chapters():
    return [ROOT / "book" / f"{unit.stem(key)}.ipynb" for key, unit in CHAPTERS.items()]  # the registry's units


def main(argv):
    check = "--check" in argv
    stale = []
    for chapter in chapters():
        text = plain_notebook(chapter)
        if text != chapter.read_text():
            stale.append(chapter.name)
            if not check:
                chapter.write_text(text)
    if check and stale:
        print(f"not plain or out of date (run python tools/plain_markdown.py): {', '.join(stale)}")
        return 1
    print(f"{'checked' if check else 'wrote'} {len(chapters())} chapters" + ("" if check else f", {len(stale)} changed"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
