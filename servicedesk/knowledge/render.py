"""Article bodies: Markdown in, sanitised HTML out (and plain text for the search index).

Markdown may carry raw HTML, so everything rendered goes through nh3, which keeps a safe set
of tags and attributes and drops scripts, styles, event handlers and ``javascript:`` links.
"""

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}


@lru_cache(maxsize=512)
def to_html(markdown_text: str) -> str:
    """Render Markdown to HTML that is safe to show anyone."""
    return nh3.clean(
        _markdown.render(markdown_text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|!?\[([^\]]*)\]\[[^\]]*\]")
_LINE_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+|```.*$|~~~.*$)", re.M)
_INLINE_MARKUP = re.compile(r"[*`~]+|(?<!\w)_+|_+(?!\w)|\|")


def to_text(markdown_text: str) -> str:
    """The words of a body, without markup, for indexing.

    Markup is stripped from the Markdown source with a few patterns, not by rendering it: a
    reindex does this for every article, and parsing Markdown costs about 2 ms a page while
    this costs a few hundredths. Scripts and styles are dropped with their content.
    """
    text = _SCRIPTS.sub(" ", markdown_text or "")
    text = _LINK.sub(lambda match: match.group(1) or match.group(2) or "", text)
    text = _TAG.sub(" ", text)
    text = _LINE_MARKUP.sub("", text)
    text = _INLINE_MARKUP.sub(" ", text)
    return " ".join(html.unescape(text).split())
