"""Message text is Markdown, and what reaches a page is allow-listed HTML only."""

from __future__ import annotations

import pytest

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
