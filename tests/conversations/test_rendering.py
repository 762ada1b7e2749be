"""Message text is Markdown, and what reaches a page is allow-listed HTML only."""

from __future__ import annotations

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerhaven.conversations import rendering
from peerhaven.conversations.rendering import render_markdown


def test_markdown_emphasis_lists_and_quotes_render():
    html = render_markdown("**brave** and *kind*\n\n- one\n- two\n\n> quoted")
    assert "<strong>brave</strong>" in html and "<em>kind</em>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<blockquote>" in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<iframe src='https://example.org'></iframe>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_is_shown_as_text_never_run(attack):
    html = render_markdown(attack)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;" in html  # shown as text
    assert "<style" not in html


def test_links_get_nofollow_noopener_ugc():
    html = render_markdown("[a helpline](https://example.org/help)")
    assert 'href="https://example.org/help"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_javascript_and_data_links_are_not_links():
    for link in ("[x](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)"):
        assert "href" not in render_markdown(link)


def test_images_from_elsewhere_are_never_loaded():
    html = render_markdown("![tracker](https://example.org/pixel.png)")
    assert "<img" not in html


def test_headings_do_not_outshout_the_page():
    assert "<h1" not in render_markdown("# Shouting")


def _through_the_parser(text: str) -> str:
    """What render_markdown gives any text: Markdown, then the allow-list sanitizer."""
    return nh3.clean(
        rendering._parser().render(text),
        tags=rendering.ALLOWED_TAGS,
        attributes=rendering.ALLOWED_ATTRIBUTES,
        url_schemes=rendering.URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )


CHAT_LIKE = st.text(
    alphabet=st.sampled_from(
        list("abcxyzÄéß😀’ 0123456789.,;:!?'\"()/%@$+=-") + list(rendering._MARKUP)
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(
    first=st.sampled_from(["a", "Z", "é", "ß", "1", "42", "7a", "٣"]),
    rest=st.one_of(CHAT_LIKE, st.text()),
)
def test_plain_text_renders_as_the_parser_would_render_it(first, rest):
    text = first + rest
    assert render_markdown(text) == _through_the_parser(text)


def test_everyday_chat_lines_skip_the_parser_and_markup_does_not():
    assert rendering._is_plain("Thank you for sharing, that sounds hard (really).")
    assert rendering._is_plain("3 days sober today, 12.5 hours of sleep")
    with_markup = ("**bold**", "- a list", "1. one", "2) two", "> quote", "a\nb", "[x](y)", "a & b")
    for text in with_markup:
        assert not rendering._is_plain(text), text
