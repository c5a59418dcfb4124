"""Sphinx extension: the site gives the notebooks' plain Markdown what MyST roles used to give it.

The chapter notebooks hold plain CommonMark (tools/plain_markdown.py writes it), so that Colab, JupyterLab and
JupyterLite read them as the site does. On the site:

- a link to a term on the site's own glossary page (html_baseurl + book/glossary.html#term-...) becomes a term
  cross-reference, as {term} made it: a pending_xref resolved by Sphinx, so the page links the glossary
  relatively, nitpicky mode checks the term exists, and hover previews treat it as an internal link;
- the list closing a page's "References" section gets the class "references" and each entry an id (on its
  paragraph, which hover previews show); a link in
  the text to the same address as an entry (a citation) then points at that entry, with the entry as its
  tooltip, as sphinxcontrib-bibtex's citations did; the entry itself links the paper;
- a paragraph reading only "Key takeaways" (in bold) and the list after it become the tip box that the MyST
  admonition drew.
"""
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)
GLOSSARY_PAGE = "book/glossary.html"
TAKEAWAYS = "Key takeaways"


def glossary_prefix(config):
    base = config.html_baseurl or ""
    return (base if base.endswith("/") else base + "/") + GLOSSARY_PAGE + "#" if base else None


class TakeawaysAndReferences(SphinxTransform):
    """At read time: the takeaways box, ids on the reference list's entries and citations pointing at them."""
    default_priority = 700

    def apply(self, **kwargs):
        self.takeaways()
        self.references()

    def takeaways(self):
        for paragraph in list(self.document.findall(nodes.paragraph)):
            children = [c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.strip())]
            if not (len(children) == 1 and isinstance(children[0], nodes.strong)
                    and children[0].astext().strip() == TAKEAWAYS):
                continue
            parent = paragraph.parent
            following = parent[parent.index(paragraph) + 1] if parent.index(paragraph) + 1 < len(parent) else None
            if not isinstance(following, nodes.bullet_list):
                logger.warning("'**Key takeaways**' must be followed by a list", location=paragraph)
                continue
            box = nodes.admonition(classes=["tip"])
            box += nodes.title(TAKEAWAYS, TAKEAWAYS)
            parent.remove(following)
            box += following
            paragraph.replace_self(box)

    def references(self):
        for section in self.document.findall(nodes.section):
            if not (section.children and isinstance(section[0], nodes.title)
                    and section[0].astext().strip() == "References"):
                continue
            lists = [child for child in section.children if isinstance(child, nodes.bullet_list)]
            if not lists:
                continue
            entries = {}
            lists[-1]["classes"].append("references")
            for item in lists[-1].children:
                link = item.next_node(nodes.reference)
                if link is None or not link.get("refuri") or not isinstance(item.children[0], nodes.paragraph):
                    continue
                entry = item.children[0]  # the id on the entry's paragraph: hover previews copy a <p> with an id
                item_id = base = nodes.make_id("ref-" + link.astext())
                count = 1
                while item_id in self.document.ids:
                    count += 1
                    item_id = f"{base}-{count}"
                entry["ids"].insert(0, item_id)
                self.document.ids[item_id] = entry
                entries[link["refuri"]] = (item_id, " ".join(entry.astext().split()))
            for link in list(self.document.findall(nodes.reference)):
                target = entries.get(link.get("refuri"))
                if target and not any(target[0] in a["ids"] for a in _ancestors(link) if isinstance(a, nodes.Element)):
                    del link["refuri"]
                    link["refid"], link["reftitle"], link["internal"] = target[0], target[1], True
                    link["classes"].append("citation-link")


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


class GlossaryLinks(SphinxPostTransform):
    """At write time, before references are resolved: links to the site's own glossary become term references."""
    default_priority = 5  # sphinx's ReferencesResolver runs at 10

    def run(self, **kwargs):
        prefix = glossary_prefix(self.config)
        if not prefix:
            return
        std = self.env.get_domain("std")
        terms = {labelid: name for (kind, name), (docname, labelid) in std.objects.items() if kind == "term"}
        for link in list(self.document.findall(nodes.reference)):
            uri = link.get("refuri", "")
            if not uri.startswith(prefix):
                continue
            anchor = uri[len(prefix):]
            if anchor not in terms:
                logger.warning(f"glossary link to #{anchor}: no such term in the glossary "
                               "(run python tools/plain_markdown.py)", location=link)
                continue
            text = link.astext()
            xref = addnodes.pending_xref(text, refdomain="std", reftype="term", reftarget=terms[anchor],
                                         refexplicit=True, refwarn=True, refdoc=self.env.docname)
            xref += nodes.inline(text, text, classes=["xref", "std", "std-term"])
            link.replace_self(xref)


def setup(app):
    app.add_transform(TakeawaysAndReferences)
    app.add_post_transform(GlossaryLinks)
    # env_version: a change here re-reads every page (the transforms run when a page is read, not when it is written)
    return {"env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
