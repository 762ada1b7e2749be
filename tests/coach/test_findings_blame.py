"""Blame: accusing "you" statements, answered with an I-statement."""

import pytest

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context


def blames(text, *, mode="post"):
    found = find_all(text, mode=mode, context=Context(support_preference="advice_welcome"))
    return [f for f in found if f.kind == "blame"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("You always interrupt me.", "You always interrupt me",
         "I feel hurt when you interrupt me"),
        ("You never listen to me.", "You never listen to me",
         "I feel hurt when you don't listen to me"),
        ("You keep ignoring my messages.", "You keep ignoring my messages",
         "I feel hurt when you keep ignoring my messages"),
        ("Why do you always do this?", "Why do you always do this?",
         "I feel hurt when you do this"),
        ("Why can't you ever call?", "Why can't you ever call?", "I feel hurt when you don't call"),
        ("You make me feel worthless.", "You make me feel worthless",
         "I feel worthless when this happens"),
        ("You made me so angry.", "You made me so angry", "I felt so angry when that happened"),
        ("You make me want to scream.", "You make me want to scream",
         "I want to scream when this happens"),
        ("It's your fault.", "It's your fault",
         "I'm hurting, and I'd like us to talk about what happened"),
        ("It's all your own fault.", "It's all your own fault", "Nobody deserves this"),
        ("You brought this on yourself.", "You brought this on yourself", "Nobody deserves this"),
        ("You ruined everything.", "You ruined everything", "I'm upset about what happened"),
        ("You don't care about me.", "You don't care about me",
         "I don't feel cared about right now"),
        ("You only care about yourself.", "You only care about yourself",
         "I'd like my needs to count too"),
        ("You're the reason I'm miserable.", "You're the reason I'm miserable",
         "I'm hurting right now"),
        ("You let me down.", "You let me down", "I felt let down"),
        ("You lied to me.", "You lied to me", "I felt hurt when I found out"),
    ],
)  # fmt: skip
def test_accusing_you_statements_get_an_i_statement(text, span, suggestion):
    [finding] = blames(text)
    assert text[finding.start : finding.end] == span
    assert finding.guideline == "i-statements"
    assert finding.suggestion == suggestion
    assert "accusation" in finding.message


def test_the_span_stops_where_a_new_clause_begins():
    text = "you always interrupt me and it drives me up the wall"
    [finding] = blames(text)
    assert text[finding.start : finding.end] == "you always interrupt me"


def test_blame_is_found_in_replies_as_well_as_posts():
    [finding] = blames("Honestly, you never listen.", mode="reply")
    assert finding.kind == "blame"


@pytest.mark.parametrize(
    "text",
    [
        "You always know what to say.",
        "You never fail to make me smile.",
        "You make me feel so welcome here.",
        "You made me laugh today, thank you.",
        "Thank you, you never let me down.",
        "You never have to explain yourself here.",
        "You never asked for any of this.",
        "It's not your fault.",
        "None of this is your fault.",
        "I don't think it's your fault at all.",
        "It's my own fault, really.",
        "When you're depressed you never want to get up.",
        "If you always put others first, you burn out.",
        'He said "you never listen" and left.',
        "My mum always says I never listen.",
        "You're the reason I'm still here.",
        "I hear you. That sounds so hard.",
    ],
)
def test_kind_words_negations_and_generic_you_are_left_alone(text):
    assert blames(text) == []


def test_offsets_are_right_after_a_long_emoji_sequence():
    text = "🏳️‍🌈🏳️‍🌈 You never listen to me."
    [finding] = blames(text)
    assert text[finding.start : finding.end] == "You never listen to me"
