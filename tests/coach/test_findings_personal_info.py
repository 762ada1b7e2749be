"""Personal information: details that could identify someone, offered for removal."""

import pytest

from peerhaven.coach.findings import find_all
from peerhaven.coach.types import Context


def details(text, *, mode="post"):
    found = find_all(text, mode=mode, context=Context())
    return [f for f in found if f.kind == "personal_info"]


@pytest.mark.parametrize(
    ("text", "span", "what"),
    [
        ("Call (555) 123-4567 tonight.", "(555) 123-4567", "phone number"),
        ("My mobile: +44 7700 900123", "+44 7700 900123", "phone number"),
        ("ring 07700900123", "07700900123", "phone number"),
        ("it's 555.123.4567", "555.123.4567", "phone number"),
        ("Berlin office 0049 30 1234567.", "0049 30 1234567", "phone number"),
        ("06 12 34 56 78 is my cell", "06 12 34 56 78", "phone number"),
        ("write to jane.doe@example.com please", "jane.doe@example.com", "e-mail address"),
        ("jane at gmail dot com", "jane at gmail dot com", "e-mail address"),
        ("I live at 12 Baker Street, Apt 4.", "12 Baker Street, Apt 4", "address"),
        ("i live at 42 elm road", "42 elm road", "address"),
        ("Our postcode is LS1 4AP.", "LS1 4AP", "address"),
        ("Follow me @jane_doe", "@jane_doe", "handle"),
        ("snap: jane.doe", "jane.doe", "handle"),
        ("ask u/someone_here", "u/someone_here", "handle"),
        ("see instagram.com/jane_doe.", "instagram.com/jane_doe", "profile"),
        ("https://www.facebook.com/jane.doe.123/", "https://www.facebook.com/jane.doe.123/",
         "profile"),
        ("I'm on x.com/janedoe too", "x.com/janedoe", "profile"),
        ("linkedin.com/in/jane-doe-123", "linkedin.com/in/jane-doe-123", "profile"),
        ("I'm Jane Smith from Leeds.", "I'm Jane Smith from Leeds", "full name"),
        ("Hello, my name is Jane Smith.", "my name is Jane Smith", "full name"),
    ],
)  # fmt: skip
def test_identifying_details_are_offered_for_removal(text, span, what):
    [finding] = details(text)
    assert text[finding.start : finding.end] == span
    assert finding.guideline == "confidentiality"
    assert finding.suggestion == ""
    assert "your choice" in finding.message.lower()
    assert what.split()[-1] in finding.message.lower()


@pytest.mark.parametrize(
    "text",
    [
        "It happened on 2021-03-04 at 10:30.",
        "From 2019-2021 I was really unwell.",
        "I paid $1,000,000 for nothing, it feels like.",
        "I weigh 3.14159265358 kg lol",
        "my IP is 192.168.100.100",
        "I take 10 20 30 40 50 mg steps",
        "See you @ 5pm",
        "Meet @5pm",
        "Check out instagram.com if you like photos.",
        "I'm Jane from Leeds.",
        "I'm So Done With This.",
        "I walked 5 miles down the road today.",
        "Top 10 Hill Walks in the area",
        "My instagram is lacking lately.",
        "I'm 25 and I live in a small town.",
    ],
)
def test_dates_amounts_and_everyday_words_are_left_alone(text):
    assert details(text) == []


def test_every_detail_in_a_message_is_found_separately():
    text = "Reach me at jane.doe@example.com or +44 7700 900123, or @jane_doe."
    spans = [text[f.start : f.end] for f in details(text)]
    assert spans == ["jane.doe@example.com", "+44 7700 900123", "@jane_doe"]


def test_details_are_found_in_replies_and_inside_quotes():
    text = 'she wrote "call me on 07700 900123"'
    [finding] = details(text, mode="reply")
    assert text[finding.start : finding.end] == "07700 900123"


def test_offsets_are_right_after_mixed_scripts():
    text = "中文 Ελληνικά 🙂 mail: jane.doe@example.com"
    [finding] = details(text)
    assert text[finding.start : finding.end] == "jane.doe@example.com"
