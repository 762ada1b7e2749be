"""Pressure: pushing someone to share more, or to meet or move off the platform."""

import pytest

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context

SHARE = "Share only what feels okay, I'm here either way"
HERE = "I'm glad to keep talking here"


def pressures(text, *, mode="reply"):
    found = find_all(text, mode=mode, context=Context(support_preference="advice_welcome"))
    return [f for f in found if f.kind == "pressure"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("You have to tell us what happened.", "You have to tell us what happened", SHARE),
        ("Tell me everything.", "Tell me everything", SHARE),
        ("Why won't you say more?", "Why won't you say more?", SHARE),
        ("What are you hiding?", "What are you hiding", SHARE),
        ("We deserve to know what happened.", "We deserve to know what happened", SHARE),
        ("You owe us an explanation.", "You owe us an explanation", SHARE),
        ("Details please!", "Details please", SHARE),
        ("Come on, tell us.", "Come on, tell us", SHARE),
        ("Let's meet up sometime.", "Let's meet up", HERE),
        ("We should grab coffee.", "We should grab coffee", HERE),
        ("Do you want to hang out this weekend?", "Do you want to hang out", HERE),
        ("DM me on Instagram.", "DM me on Instagram", HERE),
        ("Text me tonight.", "Text me", HERE),
        ("Feel free to text me anytime.", "Feel free to text me", HERE),
        ("Call me if you need anything.", "Call me", HERE),
        ("Add me on WhatsApp.", "Add me on WhatsApp", HERE),
        ("Give me your number.", "Give me your number", HERE),
        ("What's your snap?", "What's your snap", HERE),
        ("Can I get your email?", "Can I get your email", HERE),
        ("Where do you live?", "Where do you live", HERE),
        ("Let's take this offline.", "Let's take this offline", HERE),
        ("You can reach me at jane@example.com", "You can reach me at", HERE),
    ],
)
def test_pushing_to_share_or_to_move_elsewhere_is_pointed_out(text, span, suggestion):
    [finding] = pressures(text)
    assert text[finding.start : finding.end] == span
    assert finding.guideline == "boundaries"
    assert finding.suggestion == suggestion
    assert finding.message


@pytest.mark.parametrize(
    "text",
    [
        "Tell me more, only if you want to.",
        "Tell me more?",
        "You don't have to say any more than you want to.",
        "Share as much or as little as you like, no pressure.",
        "When you're ready, we're here to listen.",
        "Why don't you tell your doctor about it?",
        "You can message me here anytime.",
        "Call me crazy, but I think it gets better.",
        "Don't call me out like that lol",
        "People text me for help all the time.",
        'He said "give me your number" and I said no.',
        "I want to meet new people who understand.",
        "The crisis team came to my house and helped.",
        "My sister lives far away, so we text a lot.",
        "Is anyone else nervous about the group meeting?",
    ],
)
def test_gentle_invitations_stories_and_idioms_are_left_alone(text):
    assert pressures(text) == []


def test_sharing_ones_own_contact_details_is_moving_off_the_platform():
    text = "My snap is jane.doe22 if anyone wants to chat"
    kinds = {f.kind: text[f.start : f.end] for f in find_all(text, mode="post", context=Context())}
    assert kinds["pressure"] == "My snap is"
    assert kinds["personal_info"] == "jane.doe22"
