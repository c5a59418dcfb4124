"""Notebooks read the same wherever a learner opens them (issue 24): their Markdown is plain CommonMark.

Colab, a plain JupyterLab and JupyterLite render no MyST. Every notebook's Markdown, rendered with a plain
CommonMark renderer, shows no role ({term}, {cite}, ...) and no directive (```{...}, :::{...}); glossary terms and
citations are ordinary links that tools/plain_markdown.py keeps in sync with book/glossary.md and references.bib.
"""
import json
import re
import sys

import pytest
from helpers import ROOT, cell_source, read_notebook
from markdown_it import MarkdownIt

sys.path.insert(0, str(ROOT / "tools"))
import plain_markdown  # noqa: E402

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb")) + \
    sorted((ROOT / "solutions").glob("*.ipynb"))
COMMONMARK = MarkdownIt("commonmark")
# What MyST syntax looks like once a CommonMark renderer has passed over it
ROLE = re.compile(r"\{[a-z][\w:-]*\}<code>")                # {term}`x` -> {term}<code>x</code>
FENCED_DIRECTIVE = re.compile(r'<code class="language-\{')  # ```{admonition} -> a code block in language "{admonition}"
COLON_DIRECTIVE = re.compile(r":::+\s*\{")                  # :::{note}
TARGET = re.compile(r"^<p>\([\w-]+\)=", re.M)               # (label)=


def ids(path):
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_markdown_renders_without_myst(path):
    for number, cell in enumerate(read_notebook(path)["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        rendered = COMMONMARK.render(cell_source(cell))
        for name, pattern in [("role", ROLE), ("directive", FENCED_DIRECTIVE), ("directive", COLON_DIRECTIVE),
                              ("MyST target", TARGET)]:
            found = pattern.search(rendered)
            assert not found, f"{path.name}, cell {number}: a {name} shows raw in plain Markdown: " \
                              f"{rendered[max(0, found.start() - 40):found.end() + 40]!r}"


def test_the_tool_finds_every_chapter_up_to_date(capsys):
    """`python tools/plain_markdown.py --check` exits 0: links, reference lists and boxes are as the tool writes them."""
    assert plain_markdown.main(["--check"]) == 0, capsys.readouterr().out


MYST_CELLS = [
    "# Title\n\nA {term}`power law <Power law>` and {term}`compute` fit {cite:t}`ch1-kaplan2020scaling`, "
    "as measured {cite:p}`ch1-sevilla2022trends`; the power law again.",
    "> A quote about scaling laws.\n>\n> — **Someone**, in *Somewhere*\n\nScaling laws again.",
    "```{admonition} Key takeaways\n:class: tip\n\n- **Demo 1.** One.\n- **Demo 2.** Two.\n```\n\n"
    "## References\n\nThe excerpts are from {cite:t}`ch1-patel2025scaling`.\n\n"
    "```{bibliography}\n:filter: docname in docnames\n:keyprefix: ch1-\n```",
]


def test_the_tool_turns_myst_into_plain_markdown_once():
    plain = plain_markdown.plain_cells(MYST_CELLS)
    assert plain_markdown.plain_cells(plain) == plain  # idempotent
    glossary = plain_markdown.glossary_url()
    assert plain[0].startswith(f"# Title\n\nA [power law]({glossary}#term-Power-law) and [compute]({glossary}#term-Compute)")
    assert "fit [Kaplan et al. (2020)](https://arxiv.org/abs/2001.08361)" in plain[0]
    assert "([Sevilla et al., 2022](https://arxiv.org/abs/2202.05924))" in plain[0]
    assert plain[0].endswith("; the power law again.")  # linked once
    assert plain[1].startswith("> A quote about scaling laws.")  # quotes stay verbatim
    assert f"[Scaling laws]({glossary}#term-Scaling-law) again." in plain[1]  # first use in running text
    assert plain[2].startswith("**Key takeaways**\n\n- **Demo 1.** One.\n- **Demo 2.** Two.\n\n## References\n\n"
                               "The excerpts are from [Patel and Leech (2025)](https://press.stripe.com/scaling).\n\n- ")
    entries = plain[2].split("(2025)](https://press.stripe.com/scaling).\n\n- ", 1)[1].split("\n- ")
    assert [e.split(" (", 1)[0] for e in entries] == [  # sorted by first author
        "Jared Kaplan, Sam McCandlish, Tom Henighan, Tom B. Brown, Benjamin Chess, Rewon Child, Scott Gray, "
        "Alec Radford, Jeffrey Wu, and Dario Amodei", "Dwarkesh Patel and Gavin Leech",
        "Jaime Sevilla, Lennart Heim, Anson Ho, Tamay Besiroglu, Marius Hobbhahn, and Pablo Villalobos"]


def test_the_tool_stops_with_one_sentence_on_an_unknown_key_or_term():
    with pytest.raises(SystemExit, match="nobody2020 not in references.bib"):
        plain_markdown.plain_cells(["As shown {cite:p}`ch1-nobody2020`."])
    with pytest.raises(SystemExit, match="not in book/glossary.md"):
        plain_markdown.plain_cells(["A {term}`flux capacitor <Flux capacitor>`."])


def test_colab_shows_links_a_reference_list_and_the_takeaways():
    """What Colab's Markdown renderer makes of Chapter 1's last cell: links, a bold heading and lists."""
    last = cell_source(read_notebook(ROOT / "book" / "01-scaling.ipynb")["cells"][-1])
    rendered = COMMONMARK.render(last)
    assert "<p><strong>Key takeaways</strong></p>\n<ul>\n<li><strong>Demo 1.</strong>" in rendered
    assert '<h2>References</h2>\n<p>The excerpts on this page are from <a href="https://press.stripe.com/scaling">' \
           'Patel and Leech (2025)</a>.</p>\n<ul>\n<li>' in rendered
    assert '<a href="https://arxiv.org/abs/2001.08361">Scaling Laws for Neural Language Models</a>' in rendered
    first = COMMONMARK.render(cell_source(read_notebook(ROOT / "book" / "01-scaling.ipynb")["cells"][0]))
    assert f'<a href="{plain_markdown.glossary_url()}#term-Power-law">power law</a>' in first


def test_the_stored_format_is_kept():
    for chapter in plain_markdown.chapters():
        text = chapter.read_text()
        assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n", chapter.name
