"""The machinery behind the risk screen: the trigger words that let most sentences skip the
rules never hide a match, and the shipped model loads from the package, small and once."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from peerhaven.coach import model
from peerhaven.coach.risk import RISK_MODEL, model_thresholds, rule_screen, screen_risk

HARD_CASES = Path(__file__).resolve().parent.parent / "data" / "coach_hard_cases.jsonl"


def readings(text: str, every_sentence: bool) -> list[tuple[str, int, int, int, str]]:
    screen = rule_screen(text, every_sentence=every_sentence)
    return [(s.reason, s.level, s.start, s.end, s.why) for s in screen.signals]


def test_trigger_words_never_hide_a_match_in_the_hard_cases():
    with open(HARD_CASES, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    for text in texts:
        assert readings(text, every_sentence=False) == readings(text, every_sentence=True), text


VOCABULARY = (
    "i me my you he she they want to die kill myself herself cut hurt end my life not never "
    "used years ago wish was dead pills saved tonight goodbye forever he hits beat scared "
    'killing traffic is the of embarrassment dying see lol song " . , ! ? and but suicidal '
    "self-harm harm anymore no one would miss better off without"
)
WORDS = st.sampled_from(VOCABULARY.split(" "))


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40))
def test_trigger_words_never_hide_a_match_in_generated_text(words):
    text = " ".join(words)
    assert readings(text, every_sentence=False) == readings(text, every_sentence=True)


def test_the_risk_model_ships_with_the_package_and_is_small():
    path = model.model_path(RISK_MODEL)
    assert path.parent.name == "data" and path.parent.parent.name == "coach"
    assert path.exists()
    assert path.stat().st_size < 3_000_000
    loaded = model.get(RISK_MODEL)
    assert loaded is not None
    assert 1_000 < len(loaded.weights) <= 40_000
    thresholds = model_thresholds()
    assert thresholds is not None
    concern_at, urgent_at = thresholds
    assert 0 < concern_at < urgent_at < 1


def test_the_model_is_read_once():
    assert model.get(RISK_MODEL) is model.get(RISK_MODEL)


def test_the_model_round_trips_through_its_file(tmp_path):
    built = model.LinearModel(
        name="tiny", weights={"w:sad": 1.5, "b:so sad": 0.5}, bias=-1.0, min_features=3
    )
    path = model.save(built, tmp_path / "tiny.json.gz")
    again = model.read(path)
    assert again == built
    assert again.probability("so sad") > again.probability("so happy")
    # The same model always writes the same bytes.
    assert model.save(built, tmp_path / "copy.json.gz").read_bytes() == path.read_bytes()


def test_features_are_words_and_word_pairs():
    assert model.features("I’m SO tired") == {
        "w:i'm",
        "w:so",
        "w:tired",
        "b:i'm so",
        "b:so tired",
    }


def test_a_long_post_the_rules_miss_is_raised_by_the_model():
    text = (
        "I don't know why I'm even writing this. Nothing has changed in months and every day "
        "feels heavier than the one before. I stopped answering my friends, I sleep most of "
        "the day, and at night I just lie there staring at the ceiling. I'm so tired of "
        "pretending I'm okay. I can't see a way forward and I don't see why I should keep "
        "trying. Everyone is better at life than me and I am just taking up space."
    )
    assert rule_screen(text).level == 0
    risk = screen_risk(text, locale="en")
    assert risk.level != "none"
    assert risk.reasons == ("suicidal_thoughts",)


def test_a_long_everyday_post_stays_quiet():
    text = (
        "Had a really good week for once. I went for a long walk with my sister on Saturday, "
        "we got coffee and laughed about our terrible cooking. On Sunday I finally cleaned "
        "my flat and called my dad, who is doing much better after his operation. Work is "
        "still busy but my manager said my project went well. Looking forward to the group "
        "meeting on Thursday and hearing how everyone is doing."
    )
    assert screen_risk(text, locale="en").level == "none"


def test_a_short_text_is_left_to_the_rules():
    # Too few words for the model: only a phrase of the rules can raise it.
    assert screen_risk("I'm so tired of pretending I'm okay.", locale="en").level == "none"
