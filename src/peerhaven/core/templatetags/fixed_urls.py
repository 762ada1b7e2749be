"""`{% fixed_url 'name' %}` and `{% fixed_static 'path' %}`: Django's `url` and `static`
for addresses that take no arguments, worked out once per process.

Every page's header and footer name about fifteen such addresses; reversing them on each
request was some 0.35 ms of every page. An address without arguments only changes with
the script prefix (kept in the cache key) or a new deployment (a new process).
"""

from __future__ import annotations

import functools

from django import template
from django.template.base import Parser, Token
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape

register = template.Library()


@functools.lru_cache(maxsize=256)
def _url(name: str, script_prefix: str) -> str:
    return str(conditional_escape(reverse(name)))


@functools.lru_cache(maxsize=256)
def _static(path: str) -> str:
    return str(conditional_escape(static(path)))


class _FixedNode(template.Node):
    def __init__(self, kind: str, argument: str) -> None:
        self.kind = kind
        self.argument = argument

    def render(self, context: template.Context) -> str:
        if self.kind == "url":
            return _url(self.argument, get_script_prefix())
        return _static(self.argument)


def _literal(parser: Parser, token: Token) -> str:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "'\"" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one quoted name")
    return bits[1][1:-1]


@register.tag
def fixed_url(parser: Parser, token: Token) -> _FixedNode:
    return _FixedNode("url", _literal(parser, token))


@register.tag
def fixed_static(parser: Parser, token: Token) -> _FixedNode:
    return _FixedNode("static", _literal(parser, token))
