"""What to read in *The Scaling Era* before each unit: the chapter, an approximate page range and how we know.
Part of the teachers' syllabus (`syllabus.py`), which writes it into book/syllabus.md and the guides.

Where the page numbers come from: a reader's chapter notes (`/work/shared/sources/002…`, source 002 in the course's
README) cite the book by page for the Preface and Chapters 1-4. A chapter's range here starts at or before its first
page anchor in those notes and ends before the next chapter's first anchor (where a chapter opens is taken from
tests/excerpts.py's BOOK_PARTS, which places the openings by Kindle location), so it is approximate. For Chapters 5-8
the notes give no pages; the course places the passages it quotes from those chapters by Kindle location (source 001),
and this module says so rather than guessing pages.
"""
from typing import NamedTuple

EDITION = ("*The Scaling Era: An Oral History of AI, 2019–2025*, Dwarkesh Patel with Gavin Leech (Stripe Press, "
           "2025). Page numbers are approximate: they come from one reader's chapter notes, which cite the Stripe "
           "Press edition by page but do not say which printing, and cover only the Preface and Chapters 1–4. For "
           "Chapters 5–8 we give the Kindle locations (Kindle edition, ASIN B0F22SKW5Y) of the passages the course "
           "quotes, which say where in the book to look, not how long the chapter is.")


class Reading(NamedTuple):
    """What to read before class: the chapter, an approximate page range ("" when our notes have none), and how we
    know."""
    chapter: str
    pages: str
    basis: str

    def line(self):
        where = f", {self.pages}" if self.pages else ""
        return f"{self.chapter}{where}. {self.basis}"


PRE_READING = {
    "00": Reading("The Preface and the short Primer after it", "about pp. 1–14",
                  "Our notes cite the Preface at pp. 1 and 6; Chapter 1's first citation is p. 15."),
    "01": Reading('Chapter 1, "Scaling"', "about pp. 14–46",
                  "It opens less than a page before the passage our notes cite at p. 15, and they cite it up to "
                  "p. 40; Chapter 2's first citation is p. 47."),
    "01L": Reading("No new chapter: Chapter 1's opening pages again, on compute growth and the scaling-law figure",
                   "about pp. 14–18",
                   "Our notes cite the compute-growth passage at p. 15 and Kaplan on predictable trends over many "
                   "orders of magnitude at p. 18; the book's Figure 2 (a scaling law) lies between them."),
    "02": Reading('Chapter 2, "Evals"', "about pp. 47–67",
                  "Our notes cite it from p. 47 to p. 66; Chapter 3 opens about p. 68 (its first paragraph is a "
                  "highlight at Kindle location 1030, which the notes' pages put there)."),
    "03": Reading('Chapter 3, "Internals"', "about pp. 68–88",
                  "Our notes cite it from p. 71 to p. 88; Chapter 4's first citation is p. 91."),
    "04": Reading('Chapter 4, "Safety"', "from about p. 89",
                  "Our notes cite only its first pages (p. 91), so where it ends is not in them; two passages the "
                  "course quotes from it are at Kindle locations 1582–1584, and Chapter 5 opens at location 1767."),
    "05": Reading('Chapter 5, "Inputs"', "",
                  "Page numbers are not in our notes; it opens at Kindle location 1767, and the passages the "
                  "course quotes from it run to location 1975."),
    "06": Reading('Chapter 6, "Impact"', "",
                  "Page numbers are not in our notes; it opens at Kindle location 2063, and the passages the "
                  "course quotes from it run to location 2427."),
    "07": Reading('Chapter 7, "Explosion"', "",
                  "Page numbers are not in our notes, and our sources do not fix where it begins: it follows "
                  "Chapter 6, and the passage at Kindle location 2830 that the chapter page quotes is on its "
                  "subject."),
    "08": Reading('Chapter 8, "Timelines"', "",
                  "Page numbers are not in our notes; the passages the course quotes from it are at Kindle "
                  "locations 2949–2960, and the essays the book reprints after its chapters follow by location "
                  "3107."),
}
