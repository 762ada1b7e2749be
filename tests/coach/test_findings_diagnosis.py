"""Diagnosis: naming conditions or giving medical directions, which a professional should do."""

import pytest

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context

CONDITION = "A doctor or therapist could help you look at this"
MEDICATION = "A doctor or pharmacist could help with questions about medication"
TREATMENT = "A doctor could help you decide what's right for you"


def diagnoses(text, *, mode="reply"):
    found = find_all(text, mode=mode, context=Context(support_preference="advice_welcome"))
    return [f for f in found if f.kind == "diagnosis"]


@pytest.mark.parametrize(
    ("text", "span", "suggestion"),
    [
        ("You have bipolar.", "You have bipolar", CONDITION),
        ("You clearly have ADHD.", "You clearly have ADHD", CONDITION),
        ("Sounds like you have anxiety.", "Sounds like you have anxiety", CONDITION),
        ("It sounds like depression to me.", "It sounds like depression", CONDITION),
        ("You're clearly depressed.", "You're clearly depressed", CONDITION),
        ("You're so OCD about cleaning lol", "You're so OCD", CONDITION),
        ("That's textbook BPD.", "That's textbook BPD", CONDITION),
        ("Your ex is a narcissist.", "Your ex is a narcissist",
         "It sounds like this has been really hard"),
        ("Stop taking your meds.", "Stop taking your meds", MEDICATION),
        ("You should come off the antidepressants.", "You should come off the antidepressants",
         MEDICATION),
        ("Don't take those pills.", "Don't take those pills", MEDICATION),
        ("Double your dose tonight.", "Double your dose", MEDICATION),
        ("Try melatonin, it works.", "Try melatonin", MEDICATION),
        ("You should be on Zoloft.", "You should be on Zoloft", MEDICATION),
        ("Take 50mg of sertraline.", "Take 50mg of sertraline", MEDICATION),
        ("Just up it to 100 mg.", "Just up it to 100 mg", MEDICATION),
        ("You need meds.", "You need meds", MEDICATION),
        ("You don't need medication.", "You don't need medication", TREATMENT),
        ("You don't need a therapist, you need friends.", "You don't need a therapist", TREATMENT),
        ("Therapy is a scam.", "Therapy is a scam", TREATMENT),
    ],
)  # fmt: skip
def test_diagnosing_and_medical_directions_point_to_a_professional(text, span, suggestion):
    [finding] = diagnoses(text)
    assert text[finding.start : finding.end] == span
    assert finding.guideline == "peer-not-therapy"
    assert finding.suggestion == suggestion
    assert finding.message


@pytest.mark.parametrize(
    "text",
    [
        "I have bipolar and some weeks are really hard.",
        "I take 50mg of sertraline and it has helped a bit.",
        "I came off my meds last year with my doctor's help.",
        "My doctor said to take 50mg.",
        "I know you have ADHD, so this must be extra tiring.",
        "Do you have ADHD?",
        "You have ADHD too?",
        "It sounds like you're anxious about the exam.",
        "It sounds like you're having a really hard time.",
        "You're not crazy and you're not broken.",
        "Ask your doctor about melatonin.",
        "I'm not sure medication is for everyone, but it helped me.",
        'He said "you have bipolar" as if it were an insult.',
        "Sometimes I wonder if I ADD too much sugar to my tea.",
        "I slept 6 hours and had 2 coffees.",
    ],
)
def test_own_experience_acknowledgment_and_reflection_are_left_alone(text):
    assert diagnoses(text) == []


def test_naming_a_condition_in_ones_own_post_is_their_story():
    assert diagnoses("Honestly this sounds like depression, doesn't it?", mode="post") == []


def test_medical_directions_are_found_in_posts_too():
    text = "PSA: stop taking your meds, they're poison."
    [finding] = diagnoses(text, mode="post")
    assert text[finding.start : finding.end] == "stop taking your meds"


def test_short_acronyms_only_count_in_capitals():
    assert [f.kind for f in diagnoses("You clearly have ADD.")] == ["diagnosis"]
    assert diagnoses("You clearly have add-ons installed.") == []
