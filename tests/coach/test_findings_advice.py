"""Unsolicited advice: directives in replies to people who asked to be listened to."""

import pytest

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context


def advice(text, *, mode="reply", preference="just_listen"):
    found = find_all(text, mode=mode, context=Context(support_preference=preference))
    return [f for f in found if f.kind == "unsolicited_advice"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("You should talk to a therapist.", "You should talk to a therapist",
         "What helped me was to talk to a therapist"),
        ("I think you should just leave him.", "I think you should just leave him",
         "What helped me was to leave him"),
        ("You need to get more sleep.", "You need to get more sleep",
         "What helped me was to get more sleep"),
        ("Have you tried meditation?", "Have you tried meditation?",
         "What helped me was meditation."),
        ("Have you thought about talking to your doctor?",
         "Have you thought about talking to your doctor?",
         "What helped me was talking to my doctor."),
        ("Why don't you just go for a walk?", "Why don't you just go for a walk?",
         "What helped me was to go for a walk."),
        ("Why not try journaling?", "Why not try journaling?", "What helped me was journaling."),
        ("How about trying yoga?", "How about trying yoga?", "What helped me was trying yoga."),
        ("Just ignore them.", "Just ignore them", "What helped me was to ignore them"),
        ("Go for a run, it really helps.", "Go for a run", "What helped me was to go for a run"),
        ("Try to get some rest tonight.", "Try to get some rest tonight",
         "What helped me was to get some rest tonight"),
        ("Maybe try writing it down?", "Maybe try writing it down",
         "What helped me was writing it down"),
        ("You could try a gratitude list.", "You could try a gratitude list",
         "What helped me was a gratitude list"),
        ("You might want to see a counsellor.", "You might want to see a counsellor",
         "What helped me was to see a counsellor"),
        ("I'd suggest talking to your GP.", "I'd suggest talking to your GP",
         "What helped me was talking to my GP"),
        ("My advice is to take a break.", "My advice is to take a break",
         "What helped me was to take a break"),
        ("If I were you, I'd quit.", "If I were you, I'd quit", "What helped me was to quit"),
        ("It might help to talk to a friend.", "It might help to talk to a friend",
         "What helped me was to talk to a friend"),
        ("Make sure you drink enough water.", "Make sure you drink enough water",
         "What helped me was to drink enough water"),
        ("All you need to do is ask for help.", "All you need to do is ask for help",
         "What helped me was to ask for help"),
        ("You need a break.", "You need a break", "What helped me was a break"),
        ("Don't text him back.", "Don't text him back", "What helped me was not to text him back"),
        ("Honestly, just block her.", "just block her", "what helped me was to block her"),
        ("I know it's hard, but try to get some rest.", "try to get some rest",
         "what helped me was to get some rest"),
        ("You’re right to worry. You should call your sister.", "You should call your sister",
         "What helped me was to call my sister"),
    ],
)  # fmt: skip
def test_advice_in_a_reply_to_someone_who_wants_to_be_heard_is_pointed_out(text, span, suggestion):
    [finding] = advice(text)
    assert text[finding.start : finding.end] == span
    assert finding.guideline == "no-unsolicited-advice"
    assert finding.suggestion == suggestion
    assert "listened to" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "I hear you. That sounds so hard.",
        "You're not alone in this.",
        "That sounds exhausting, and it makes sense that you feel this way.",
        "I should probably rest more myself.",
        "My doctor said I should exercise more, and it helped a little.",
        "My therapist told me you should never give up.",
        "Would you like some ideas, or would you rather I just listen?",
        "If you'd like, I can share what helped me.",
        "What helped me was going for walks.",
        "When I went through something like this, I started journaling.",
        "Take care of yourself ❤️",
        "Take your time.",
        "Get well soon!",
        "Be gentle with yourself.",
        "Hang in there.",
        "Don't give up!",
        "You shouldn't have to deal with this alone.",
        "You shouldn't feel guilty about any of this.",
        "You don't have to explain yourself.",
        "You must be exhausted.",
        "You can always talk to me.",
        "Tell me more, if you want to.",
        'She said "you should just move on" and it hurt.',
        "> you should get over it\n\nThat's what my dad told me.",
        "Why don't you want to go?",
        "I tried to sleep and go for a run but nothing worked.",
        "I make sure to sleep eight hours a day, eat well, drink lots of water.",
        "If you need to talk, I'm here.",
        "There's nothing you can do about other people's feelings.",
        "It's important to remember you're not alone.",
    ],
)
def test_support_stories_and_offers_are_not_advice(text):
    assert advice(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "You should be proud of yourself.",
        "You should be so proud of how far you've come.",
        "You should know that you're not alone.",
        "You should give yourself some credit.",
    ],
)
def test_praise_shaped_like_advice_is_left_alone(text):
    # These affirm the person rather than tell them what to do.
    assert advice(text) == []


def test_advice_is_welcome_when_the_author_asked_for_it():
    assert advice("You should talk to a therapist.", preference="advice_welcome") == []


def test_a_persons_own_post_is_never_unsolicited_advice():
    assert advice("You should talk to a therapist.", mode="post") == []
    assert advice("Go for a run, it helps.", mode="post", preference=None) == []


def test_a_reply_with_no_stated_preference_is_treated_as_just_listen():
    [finding] = advice("You should talk to a therapist.", preference=None)
    assert finding.message.startswith("They didn't ask for advice.")
    assert finding.suggestion == "What helped me was to talk to a therapist"


def test_share_experiences_posts_get_a_message_about_experiences():
    [finding] = advice("You should talk to a therapist.", preference="share_experiences")
    assert "experiences" in finding.message


def test_advice_with_a_second_person_rest_falls_back_to_an_opener():
    [finding] = advice("You should tell him how you feel.")
    assert finding.suggestion == "I'm here to listen"
    [shared] = advice("You should tell him how you feel.", preference="share_experiences")
    assert shared.suggestion.startswith("When I went through something like this")


def test_pressure_and_medical_directions_take_the_place_of_advice():
    text = "You should stop taking your meds. You have to tell us what happened."
    kinds = [f.kind for f in find_all(text, mode="reply", context=Context("just_listen"))]
    assert "unsolicited_advice" not in kinds
    assert kinds.count("diagnosis") == 1
    assert kinds.count("pressure") == 1


def test_offsets_point_into_the_original_text_with_curly_apostrophes_and_emoji():
    text = "💛💛 I hear you. Why don’t you just go for a walk?"
    [finding] = advice(text)
    assert text[finding.start : finding.end] == "Why don’t you just go for a walk?"
