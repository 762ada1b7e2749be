"""Markdown to safe HTML: markdown-it-py parses (raw HTML off), nh3 keeps an allow-list."""

from __future__ import annotations

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


def render_markdown(text: str) -> str:
    html = _parser().render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )
