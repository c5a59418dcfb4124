"""The instructors' answer key, one document kept off the site: `make answer-key`.

    python tools/answer_key.py [_build/answer-key] [--pdf]

For every unit with exercises (the registry's chapters and the lab), from its solution master in solutions/: each
exercise's model answer (the code cell holding `# BEGIN SOLUTION`, with its heading), the notes for instructors,
the "Going further" prompt and its worked answer (the master's cells tagged `answer-key`: the code that computes
the numbers, its stored output, and the prose), and the two reflection questions with their rubrics (the section
"Reflection questions and rubrics" of the unit's teacher's guide). Writes index.html (one self-contained page:
no script, style sheet, font or image from anywhere) into the folder given, which must not be inside the built
site (_build/html): worked answers stay in the repository. Nothing is fetched or executed: the numbers are the
outputs stored in the masters, which nbval checks against a fresh run. With --pdf, headless Chromium (the one the
course PDF uses) also prints answer-key.pdf.
"""
import html
import json
import re
import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from scaling_course import graded_chapters  # noqa: E402
from scaling_course.instructor.exercises import is_answer_key, text_of  # noqa: E402

GOING_FURTHER = re.compile(r"\*\*Going further\.\*\*.*?(?=\n\n|\Z)", re.S)
NOTES = re.compile(r"<!-- BEGIN SOLUTION -->\n?(.*?)<!-- END SOLUTION -->", re.S)
ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^`]*>)?`")  # MyST roles ({term}`x <y>`, {cite:p}`key`)
RUBRICS = "Reflection questions and rubrics"
STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.8rem; } h2 { border-top: 2px solid #0072B2; padding-top: .6rem; margin-top: 2.5rem; }
h3 { margin-top: 1.6rem; } pre { background: #f5f5f5; padding: .6rem; white-space: pre-wrap; font-size: 13px; }
.output pre { background: #fff; border-left: 3px solid #009E73; } .prompt { background: #eef5fb; padding: .5rem; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .3rem .5rem; vertical-align: top; }
.worked { border-left: 4px solid #E69F00; padding-left: .8rem; } nav li { margin: .1rem 0; }
@media print { h2 { break-before: page; } pre, table, .worked { break-inside: avoid; } }
"""
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def markdown(text):
    return MARKDOWN.render(ROLE.sub(lambda m: m[1], text))


def code(text):
    return f"<pre><code>{html.escape(text)}</code></pre>\n"


def outputs(cell):
    """A code cell's stored text outputs (streams and plain-text results) as one block."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append("".join(output["text"]))
        elif "text/plain" in output.get("data", {}):
            parts.append("".join(output["data"]["text/plain"]) + "\n")
    return f'<div class="output">{code("".join(parts))}</div>' if parts else ""


def guide_section(stem):
    """The rubric section of a unit's teacher's guide (markdown, without its heading)."""
    text = (ROOT / "book" / "guides" / f"{stem}.md").read_text()
    found = re.search(rf"^## {re.escape(RUBRICS)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not found:
        raise SystemExit(f"book/guides/{stem}.md has no section '## {RUBRICS}'.")
    return found[1]


def unit_key(stem, title):
    """One unit's part of the key: (html, number of Going further prompts, number of worked answers)."""
    cells = json.loads((ROOT / "solutions" / f"{stem}.ipynb").read_text())["cells"]
    parts = [f'<h2 id="{stem}">{html.escape(title)}</h2>\n', "<h3>Model answers</h3>\n"]
    heading, prompts, worked, notes = None, [], [], []
    for cell in cells:
        source = text_of(cell)
        if is_answer_key(cell):
            worked.append(cell)
        elif cell["cell_type"] == "markdown":
            heading = next((line for line in source.splitlines() if line.startswith("## ")), heading)
            prompts += GOING_FURTHER.findall(source)
            notes += NOTES.findall(source)
        elif "# BEGIN SOLUTION" in source:
            if heading:
                parts.append(markdown("#" + heading))
            parts.append(code(source))
    if notes:
        parts.append("<h3>Notes for instructors</h3>\n" + "".join(markdown(note) for note in notes))
    parts.append("<h3>Going further</h3>\n")
    parts += [f'<div class="prompt">{markdown(prompt)}</div>\n' for prompt in prompts]
    answer = "".join(code(text_of(c)) + outputs(c) if c["cell_type"] == "code" else markdown(text_of(c))
                     for c in worked)
    if answer:
        parts.append(f'<div class="worked">{answer}</div>\n')
    parts.append(f"<h3>{RUBRICS}</h3>\n" + markdown(guide_section(stem)))
    return "".join(parts), len(prompts), sum(c["cell_type"] == "markdown" for c in worked)


def document():
    """The whole key as HTML; refuses (one sentence) a unit whose Going further prompt has no worked answer."""
    units = [(unit.stem(key), f"Chapter {int(key)} · {unit.title}" if unit.kind == "chapter" else unit.title)
             for key, unit in graded_chapters().items()]
    sections = []
    for stem, title in units:
        body, prompts, answers = unit_key(stem, title)
        if prompts and not answers:
            raise SystemExit(f"solutions/{stem}.ipynb: its Going further prompt has no worked answer (a markdown "
                             f"cell tagged answer-key).")
        sections.append(body)
    contents = "".join(f'<li><a href="#{stem}">{html.escape(title)}</a></li>' for stem, title in units)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>The Scaling Era, hands-on: answer key for instructors</title>\n<style>{STYLE}</style></head>\n"
            f"<body>\n<h1>Answer key for instructors</h1>\n<p>Not for learners and not on the course site: the "
            f"model answers to every exercise, worked answers to each unit's \"Going further\" prompt with the "
            f"numbers the course's functions give (stored outputs of the solution masters), and the rubrics for "
            f"the reflection questions. Generated from the repository by <code>make answer-key</code>.</p>\n"
            f"<nav><ol>{contents}</ol></nav>\n{''.join(sections)}</body></html>\n")


def write(folder, pdf=False):
    """Write index.html (and answer-key.pdf) into folder; refuses a folder inside the built site."""
    folder = Path(folder).resolve()
    site = (ROOT / "_build" / "html").resolve()
    if folder == site or site in folder.parents:
        raise SystemExit(f"{folder} is inside the built site: the answer key stays off the site.")
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    page.write_text(document())
    written = [page]
    if pdf:
        sys.path.insert(0, str(ROOT / "tools"))
        from course_pdf import pdf_bytes
        from site_browser import served_in_chromium
        with served_in_chromium(folder) as (driver, address):
            driver.get(f"{address}/index.html")
            (folder / "answer-key.pdf").write_bytes(pdf_bytes(driver))
        written.append(folder / "answer-key.pdf")
    return written


if __name__ == "__main__":
    started = time.perf_counter()
    arguments = [a for a in sys.argv[1:] if a != "--pdf"]
    paths = write(arguments[0] if arguments else ROOT / "_build" / "answer-key", pdf="--pdf" in sys.argv)
    print(f"wrote {', '.join(f'{p} ({p.stat().st_size / 1e3:.0f} kB)' for p in paths)} "
          f"in {time.perf_counter() - started:.1f} s")
