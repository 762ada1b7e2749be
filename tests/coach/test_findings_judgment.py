"""Judgment: judging, minimizing or dismissing what someone feels."""

import pytest

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context


def judgments(text, *, mode="reply", preference="advice_welcome"):
    # advice_welcome keeps advice findings out of the way; judgment does not depend on it.
    found = find_all(text, mode=mode, context=Context(support_preference=preference))
    return [f for f in found if f.kind == "judgment"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("Just get over it.", "Just get over it", "Take the time you need"),
        ("Honestly, just let it go.", "just let it go", "take the time you need"),
        ("Snap out of it!", "Snap out of it", "Take the time you need"),
        ("Pull yourself together.", "Pull yourself together", "Take the time you need"),
        ("Man up.", "Man up", "It takes strength to share this"),
        ("Calm down.", "Calm down", "I can tell this really matters to you"),
        ("Stop whining.", "Stop whining", "It's okay to let it out"),
        ("You're overreacting.", "You're overreacting", "Your feelings make sense"),
        ("You're being so dramatic.", "You're being so dramatic", "Your feelings make sense"),
        ("You're way too sensitive.", "You're way too sensitive", "Your feelings make sense"),
        ("Stop being so dramatic.", "Stop being so dramatic", "Your feelings make sense"),
        ("It's all in your head.", "It's all in your head", "What you're feeling is real"),
        ("At least you have a job.", "At least you have a job", "That sounds really hard"),
        ("Well, at least it wasn't worse.", "at least it wasn't worse", "that sounds really hard"),
        ("It could be worse.", "It could be worse", "That sounds really hard"),
        ("Others have it worse.", "Others have it worse", "What you're going through matters"),
        ("There are people who have it much worse.", "There are people who have it much worse",
         "What you're going through matters"),
        ("It's not a big deal.", "It's not a big deal", "I can tell this matters to you"),
        ("First world problems.", "First world problems", "That sounds frustrating"),
        ("Count your blessings.", "Count your blessings", "It's okay to feel how you feel"),
        ("Look on the bright side.", "Look on the bright side", "It's okay to feel how you feel"),
        ("Everything happens for a reason.", "Everything happens for a reason",
         "I'm sorry this is happening"),
        ("You're pathetic.", "You're pathetic", "I see this differently"),
        ("What's wrong with you?", "What's wrong with you", "What's going on for you"),
        ("You should be ashamed of yourself.", "You should be ashamed of yourself",
         "I see this differently"),
    ],
)  # fmt: skip
def test_judging_minimizing_and_dismissing_are_pointed_out(text, span, suggestion):
    [finding] = judgments(text)
    assert text[finding.start : finding.end] == span
    assert finding.guideline == "non-judgment"
    assert finding.suggestion == suggestion
    assert finding.message


def test_two_judgments_in_one_sentence_are_both_found():
    text = "Cheer up, it's not that bad!"
    assert [text[f.start : f.end] for f in judgments(text)] == ["Cheer up", "it's not that bad"]


@pytest.mark.parametrize(
    "text",
    [
        # "at least" that counts or comforts
        "I slept at least 6 hours last night.",
        "I go to the group at least twice a week.",
        "It takes at least a month for the meds to kick in.",
        "At least you reached out, and that takes courage.",
        "At least you have us now.",
        "At least it's Friday!",
        # negations and questions
        "You're not overreacting.",
        "I don't think you're overreacting at all.",
        "Nobody thinks you're weak.",
        "Asking for help doesn't mean you're weak.",
        "It's not your fault, and it's not all in your head.",
        "Do you feel like you're overreacting?",
        "It's okay if you feel like you're a burden sometimes.",
        # the writer's own story or self-talk
        "I need to get over it.",
        "It took me a year to get over it.",
        "I can't snap out of it.",
        "I know others have it worse, but I'm struggling.",
        "I keep telling myself it could be worse.",
        # reported and quoted words
        "People keep telling me to just get over it.",
        "My dad said I'm too sensitive.",
        'She told me "you\'re overreacting" and walked off.',
        # phrases that look similar
        "It's not a big deal to ask for help.",
        "It's not that hard to find a group near you.",
        "You're sensitive, and that's a strength.",
        "Who cares what they think? You matter.",
        "I hear you. That sounds so hard.",
    ],
)
def test_kind_replies_and_first_person_stories_are_left_alone(text):
    assert judgments(text) == []


def test_minimizing_in_a_persons_own_post_is_their_own_perspective():
    assert judgments("It could be worse, I know.", mode="post") == []
    assert judgments("At least I have my cat.", mode="post") == []


def test_directives_in_a_persons_own_post_are_their_story():
    assert judgments("They'd be upset for a week but move on.", mode="post") == []


def test_invalidating_the_reader_is_found_in_a_post_too():
    text = "To whoever needs to hear it: you're overreacting."
    [finding] = judgments(text, mode="post")
    assert text[finding.start : finding.end] == "you're overreacting"


def test_offsets_survive_curly_apostrophes_and_surrounding_emoji():
    text = "😔 Honestly you’re overreacting 🙄"
    [finding] = judgments(text)
    assert text[finding.start : finding.end] == "you’re overreacting"
