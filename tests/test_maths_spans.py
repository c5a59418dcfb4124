"""Money never becomes maths: no span that MyST would typeset as inline or display maths is made of ordinary words.

MyST (dollarmath, with digits and spaces allowed next to the dollars, as MyST-NB sets it) reads every unescaped
pair of `$` in a paragraph as inline maths and `$$...$$` as display maths; so "$100 trillion ... $70" becomes one
italic formula. A dollar amount must be written `\\$100`. This test reads the markdown itself, without a build:
every markdown cell of book/*.ipynb and solutions/*.ipynb and every book/**/*.md.
"""
import re

import pytest
from helpers import ROOT, cell_source, read_notebook

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
MARKDOWN = sorted((ROOT / "book").rglob("*.md"))
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")  # a dollar not escaped by a backslash (an even run of them is not escape)
TEXT_ARGUMENT = re.compile(r"\\(?:text|textrm|textit|textbf|mathrm|mathit|mathbf|mathsf|operatorname|mbox)\s*\{[^{}]*\}")
COMMAND = re.compile(r"\\[A-Za-z]+")
WORD = re.compile(r"[A-Za-z]{3,}")


def paragraphs(markdown):
    """The markdown's paragraphs outside fenced code, with block-quote markers and inline code spans removed."""
    lines, in_fence = [], False
    for line in markdown.split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
            lines.append("")
            continue
        lines.append("" if in_fence else re.sub(r"^\s*(?:>\s?)+", "", line))
    text = "\n".join(lines)
    return [CODE_SPAN.sub(" ", block) for block in re.split(r"\n\s*\n", text) if block.strip()]


def maths_spans(markdown):
    """The spans MyST would typeset as maths: $$...$$ and unescaped $...$ pairs within a paragraph."""
    spans = []
    for block in paragraphs(markdown):
        dollars = [m.end() - 1 for m in DOLLAR.finditer(block)]
        i = 0
        while i < len(dollars):
            start = dollars[i]
            double = i + 1 < len(dollars) and dollars[i + 1] == start + 1
            if double:  # $$ ... $$
                closing = next((j for j in range(i + 2, len(dollars) - 1) if dollars[j + 1] == dollars[j] + 1), None)
                if closing is None:
                    break
                spans.append(block[start:dollars[closing] + 2])
                i = closing + 2
            else:
                if i + 1 >= len(dollars):
                    break
                spans.append(block[start:dollars[i + 1] + 1])
                i += 2
    return spans


def is_words(span):
    """True when a maths span is ordinary prose: two or more words of three or more letters once \\commands and
    the text arguments of \\text{...}-like commands are set aside (single-letter variables never count)."""
    body = COMMAND.sub(" ", TEXT_ARGUMENT.sub(" ", span.strip("$")))
    return len(WORD.findall(body)) >= 2


def sources():
    for path in NOTEBOOKS:
        for index, cell in enumerate(read_notebook(path)["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.relative_to(ROOT)} cell {index} (id {cell.get('id', '?')})", cell_source(cell)
    for path in MARKDOWN:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_the_detector_finds_money_and_leaves_formulas_alone():
    assert [s for s in maths_spans("a $100 trillion economy, between $50 and $70 a year") if is_words(s)] == \
        ["$100 trillion economy, between $"]
    assert maths_spans("a \\$100 trillion economy, between \\$50 and \\$70") == []
    assert maths_spans("code `$HOME and $PATH` stays code") == []
    assert maths_spans("```python\nprint('$5 and $6 dollars')\n```") == []
    assert maths_spans("> a quote with \\$5\n>\n> — and $x$") == ["$x$"]
    assert not any(is_words(s) for s in maths_spans(
        "the rate $\\delta A^{\\beta(r-1)}$ and $$\\frac{Y_\\text{after}}{Y_\\text{before}} = (1-f)^{1/\\rho}$$"))
    assert is_words("$$ these are plain words $$")
    assert maths_spans("one $5 here\n\nand $6 there") == []  # a pair never crosses a paragraph


SOURCES = list(sources())


@pytest.mark.parametrize("where, markdown", SOURCES, ids=[where for where, _ in SOURCES])
def test_no_maths_span_is_made_of_words(where, markdown):
    wordy = [span for span in maths_spans(markdown) if is_words(span)]
    assert not wordy, (f"{where}: MyST would typeset these as maths; escape dollar amounts as \\$: "
                       + "; ".join(repr(span[:80]) for span in wordy))
