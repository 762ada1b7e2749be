"""The issue's example: a reply to a "just listen" post that breaks two guidelines three times."""

from peerhaven.coach import analyze
from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context

TEXT = "you should just get over it, at least you have a job"


def test_a_new_user_sees_three_findings_with_guideline_reason_and_rewrite():
    findings = find_all(TEXT, mode="reply", context=Context(support_preference="just_listen"))

    assert [(f.kind, TEXT[f.start : f.end]) for f in findings] == [
        ("unsolicited_advice", "you should just get over it"),
        ("judgment", "just get over it"),
        ("judgment", "at least you have a job"),
    ]
    advice, dismissal, minimizing = findings
    assert advice.guideline == "no-unsolicited-advice"
    assert dismissal.guideline == minimizing.guideline == "non-judgment"
    assert advice.message.startswith("They asked to be listened to.")
    assert "rushed" in dismissal.message
    assert "smaller" in minimizing.message
    assert advice.suggestion == "I'm here to listen"
    assert dismissal.suggestion == "take the time you need"
    assert minimizing.suggestion == "that sounds really hard"


def test_applying_the_rewrites_leaves_a_reply_with_no_findings():
    findings = find_all(TEXT, mode="reply", context=Context(support_preference="just_listen"))
    advice, _, minimizing = findings
    rewritten = (
        TEXT[: advice.start]
        + advice.suggestion
        + TEXT[advice.end : minimizing.start]
        + minimizing.suggestion
        + TEXT[minimizing.end :]
    )
    assert rewritten == "I'm here to listen, that sounds really hard"
    assert find_all(rewritten, mode="reply", context=Context("just_listen")) == []


def test_the_same_reply_to_a_post_that_welcomed_advice_keeps_only_the_judgments():
    findings = find_all(TEXT, mode="reply", context=Context(support_preference="advice_welcome"))
    assert [f.kind for f in findings] == ["judgment", "judgment"]


def test_analyze_returns_the_same_three_findings():
    analysis = analyze(
        TEXT, mode="reply", locale="en", context={"support_preference": "just_listen"}
    )
    assert [f["kind"] for f in analysis.to_dict()["findings"]] == [
        "unsolicited_advice",
        "judgment",
        "judgment",
    ]


def test_urging_someone_to_stay_safe_or_call_a_crisis_line_is_never_advice_to_hold_back():
    from peerhaven.coach import analyze

    for text in (
        "Please don't hurt yourself. You can call or text 988 any time, I'm here too.",
        "Please call the Samaritans on 116 123 tonight, they're there for exactly this.",
        "Stay safe tonight and reach out to a crisis line if it gets worse.",
    ):
        result = analyze(text, mode="reply", context={"support_preference": "just_listen"})
        assert [f.kind for f in result.findings if f.kind == "unsolicited_advice"] == [], text
