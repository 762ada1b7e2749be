"""Publish the first version of the community guidelines on a new instance.

Safe to rerun: does nothing when the instance already has a guideline set. The texts are
Peerhaven's own; an organization edits them by publishing a new version.
"""

from django.db import migrations
from django.utils import timezone

GUIDELINES = [
    (
        "active-listening",
        "Listen to understand",
        "Give the person your full attention. Reflect back what you heard, including the "
        "feeling behind it, before you add anything of your own.",
        [
            '"It sounds like the last few weeks have been exhausting."',
            'Asking "Did I get that right?" instead of moving on to your own story.',
        ],
    ),
    (
        "non-judgment",
        "Meet people without judgment",
        "Everyone's path is different. Accept feelings as they are, without ranking, "
        "minimizing or correcting them.",
        [
            '"That makes sense, given what you\'ve been through."',
            'Not: "At least it isn\'t worse" or "Others have it harder."',
        ],
    ),
    (
        "respect",
        "Respect every member",
        "Treat each person with dignity, whatever their background, beliefs or choices. "
        "No insults, slurs, mockery or hostility.",
        [
            "Addressing the idea, never the person.",
            "Using the name and pronouns a member asks for.",
        ],
    ),
    (
        "i-statements",
        "Speak from your own experience",
        'Say how something affects you ("I feel…", "For me…") rather than what '
        "someone else is or does.",
        ['"I felt left out when the plans changed" instead of "You always leave me out."'],
    ),
    (
        "share-experience",
        "Offer experience, not instructions",
        "What helped you may help someone else, or may not. Share it as your story, and "
        "let the other person decide what fits.",
        ['"What helped me on bad nights was writing things down."'],
    ),
    (
        "no-unsolicited-advice",
        "Ask before advising",
        "Many people want to be heard, not fixed. Offer suggestions only when someone "
        "asks for them or says advice is welcome.",
        ['"Would it help to hear what I tried, or would you rather just talk?"'],
    ),
    (
        "respectful-disagreement",
        "Disagree with care",
        "Different views are welcome. Let people finish, look for common ground, and "
        "step away or ask a facilitator for help if a conversation gets heated.",
        ['"I see it differently, and I can see why it feels that way to you."'],
    ),
    (
        "boundaries",
        "Respect boundaries, yours and others'",
        "Share only what you are comfortable sharing, and never press anyone to share "
        "more, to meet, or to move the conversation elsewhere. Listening without "
        "sharing is always fine.",
        [
            '"You don\'t have to say more than you want to."',
            "Taking a break when supporting others starts to weigh on you.",
        ],
    ),
    (
        "confidentiality",
        "Keep what is shared here",
        "What members share stays in the group. Do not copy, screenshot or repeat "
        "anyone's story or identity outside it.",
        ["Talking about what you learned, without details that could identify anyone."],
    ),
    (
        "peer-not-therapy",
        "Peer support, not professional care",
        "We support each other as equals. We do not diagnose, prescribe or replace "
        "professional help, and we point to crisis services when someone may be in danger.",
        [
            '"A doctor could help you look at that medication question."',
            "Sharing crisis lines when someone says they might hurt themselves.",
        ],
    ),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("guidelines", "RuleSet")
    if RuleSet.objects.filter(scope="instance").exists():
        return
    rule_set = RuleSet.objects.create(scope="instance", name="Community guidelines")
    version = rule_set.versions.create(
        number=1,
        status="published",
        change="initial",
        note="First version of the community guidelines.",
        published_at=timezone.now(),
    )
    Guideline = apps.get_model("guidelines", "Guideline")
    Guideline.objects.bulk_create(
        Guideline(version=version, key=key, title=title, text=text, examples=examples, position=i)
        for i, (key, title, text, examples) in enumerate(GUIDELINES)
    )


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0001_rule_set_version_guideline")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
