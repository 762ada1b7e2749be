"""Markdown to safe HTML: markdown-it-py parses (raw HTML off), nh3 keeps an allow-list."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "hr", "h3", "h4", "h5", "h6",
}  # fmt: skip
# Headings shrink to h3 and below so a post never outshouts the page's own headings.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # No raw HTML, and no images: an image from elsewhere would tell its host who read the post.
    return MarkdownIt("commonmark", {"html": False}).disable(["image", "heading", "lheading"])


# Characters that mean something somewhere in CommonMark, or come out as an entity.
_MARKUP = frozenset("\\`*_[]<>&#~|{}")
_LIST_MARKER = re.compile(r"\d+[.)]")


def _is_plain(text: str) -> bool:
    """One line of text that no Markdown rule can change: printable (no line breaks, no
    control characters, no space but the ASCII one), starting with a letter or a digit
    but not a numbered-list marker (so no list, quote, heading or code block), not ending
    in a space and holding no markup. Most chat messages are; rendering them skips the
    parser and the sanitizer."""
    return (
        text.isprintable()
        and text[:1].isalnum()
        and not text[-1].isspace()
        and _MARKUP.isdisjoint(text)
        and _LIST_MARKER.match(text) is None
    )


def render_markdown(text: str) -> str:
    if _is_plain(text):
        return f"<p>{text}</p>\n"  # what the parser and the sanitizer give it, tested
    html = _parser().render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )
