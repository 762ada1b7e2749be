"""Findings never fail and always point into the text, whatever the text is."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import KINDS, SUPPORT_PREFERENCES, Context

# Fragments that trigger every rule, mixed into arbitrary text.
FRAGMENTS = [
    "you should just get over it",
    "at least you have a job",
    "Have you tried meditation?",
    "You always do this",
    "you make me feel worthless",
    "you're clearly depressed",
    "take 50mg of sertraline",
    "tell me everything",
    "DM me on Instagram",
    "+44 7700 900123",
    "jane.doe@example.com",
    "12 Baker Street",
    "@jane_doe",
    "instagram.com/jane",
    "I'm Jane Smith from Leeds",
    '"quoted"',
    "> quoted line",
    "’",
    "İ",
    "ß",
    "<b>",
    "</b>",
    "&amp;",
    "\u200d",
    "\u0000",
    "\r\n",
    "🏳️‍🌈",
    "中文",
]

texts = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)), max_size=12).map(
    "".join
)
contexts = st.builds(Context, support_preference=st.sampled_from((None, *SUPPORT_PREFERENCES)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, mode=st.sampled_from(("post", "reply")), context=contexts)
def test_find_all_never_fails_and_offsets_stay_inside_the_text(text, mode, context):
    findings = find_all(text, mode=mode, context=context)

    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.kind in KINDS
        assert f.guideline
        assert f.message
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for kind in KINDS:
        same = [f for f in findings if f.kind == kind]
        for earlier, later in zip(same, same[1:], strict=False):
            assert earlier.end <= later.start


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_unicode_is_handled(text):
    for f in find_all(text, mode="reply", context=Context()):
        assert 0 <= f.start < f.end <= len(text)


def test_text_whose_lower_case_is_longer_keeps_offsets_on_the_original():
    # "İ" lower-cases to two characters; rules must still report original offsets.
    text = "İstanbul, İzmir. You should just get over it, at least you have a job"
    findings = find_all(text, mode="reply", context=Context("just_listen"))
    assert [text[f.start : f.end] for f in findings] == [
        "You should just get over it",
        "just get over it",
        "at least you have a job",
    ]


def test_empty_text_has_no_findings():
    assert find_all("", mode="reply", context=Context()) == []
