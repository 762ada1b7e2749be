"""The benchmark's baseline routes are always on, so they must reveal nothing: a constant
answer, and the signed-in one only to someone signed in."""

from __future__ import annotations


def test_the_bare_view_answers_a_constant_to_anyone(db, web_as, alice):
    for client in (web_as(None), web_as(alice)):
        response = client.get("/bench/bare")
        assert (response.status_code, response.content) == (200, b"ok")
        assert "no-cache" in response["Cache-Control"]


def test_the_signed_in_view_needs_signing_in_and_says_nothing_more(db, web_as, alice):
    assert web_as(None).get("/bench/signed-in").status_code == 403

    response = web_as(alice).get("/bench/signed-in")

    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]
