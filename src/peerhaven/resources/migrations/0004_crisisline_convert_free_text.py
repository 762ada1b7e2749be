"""Convert the old free-text languages and topics into the new lists.

"English, Spanish" becomes ["en", "es"] (language names and codes from the profile's list;
a regional variant counts as its language), and topic slugs or names link to the
instance's topics. Words that match nothing stay in legacy_languages / legacy_topics for
an admin to review, so nothing typed in is lost.

Also gives every line a way to reach it, which the next migration requires: a line with
no phone, text number or chat address gets its official page as its web address.

Safe to rerun: codes and topics are added, never duplicated, and only unmatched words
are left behind. Reversible: going back writes the lists out as text again.
"""

import re

from django.conf import global_settings
from django.db import migrations

# Topic names have "and" in them ("Grief and loss"); lists of languages often do too.
_LIST = re.compile(r"[,;/]")
_LANGUAGE_LIST = re.compile(r"[,;/&+]|\band\b", re.IGNORECASE)
_KEEP_VARIANTS = {"zh-hans", "zh-hant"}


def _words(text, separators=_LIST):
    return [word.strip() for word in separators.split(text or "") if word.strip()]


def _language_index():
    codes = {code for code, _name in global_settings.LANGUAGES}
    index = {}
    for code, name in global_settings.LANGUAGES:
        base = code.split("-")[0]
        target = base if "-" in code and code not in _KEEP_VARIANTS and base in codes else code
        index.setdefault(code.lower(), target)
        index.setdefault(str(name).lower(), target)
    return index


def _topic_index(Topic):
    index = {}
    for topic in Topic.objects.all():
        index.setdefault(topic.slug.lower(), topic)
        index.setdefault(topic.name.lower(), topic)
    return index


def convert(apps, schema_editor):
    CrisisLine = apps.get_model("resources", "CrisisLine")
    Topic = apps.get_model("accounts", "Topic")
    languages_by_word = _language_index()
    topics_by_word = _topic_index(Topic)
    lines = CrisisLine.objects.exclude(legacy_languages="", legacy_topics="").order_by("pk")
    for line in lines:
        codes = [c for c in line.languages or [] if isinstance(c, str)]
        unmatched_languages = []
        for word in _words(line.legacy_languages, _LANGUAGE_LIST):
            code = languages_by_word.get(word.lower())
            if code is None:
                unmatched_languages.append(word)
            elif code not in codes:
                codes.append(code)
        matched_topics = []
        unmatched_topics = []
        for word in _words(line.legacy_topics):
            topic = topics_by_word.get(word.lower())
            if topic is None:
                unmatched_topics.append(word)
            else:
                matched_topics.append(topic)
        if matched_topics:
            line.topics.add(*matched_topics)
        line.languages = codes
        line.legacy_languages = ", ".join(unmatched_languages)
        line.legacy_topics = ", ".join(unmatched_topics)
        line.save(update_fields=["languages", "legacy_languages", "legacy_topics"])


def give_every_line_a_way_to_reach_it(apps, schema_editor):
    CrisisLine = apps.get_model("resources", "CrisisLine")
    unreachable = CrisisLine.objects.filter(phone="", sms_number="", chat_url="")
    for line in unreachable.order_by("pk"):
        line.chat_url = line.source_url
        line.save(update_fields=["chat_url"])


def unconvert(apps, schema_editor):
    CrisisLine = apps.get_model("resources", "CrisisLine")
    names = dict(global_settings.LANGUAGES)
    for line in CrisisLine.objects.prefetch_related("topics").order_by("pk"):
        languages = [str(names.get(code, code)) for code in line.languages or []]
        topics = sorted(topic.slug for topic in line.topics.all())
        line.legacy_languages = ", ".join(languages + _words(line.legacy_languages))[:200]
        line.legacy_topics = ", ".join(topics + _words(line.legacy_topics))[:300]
        line.save(update_fields=["legacy_languages", "legacy_topics"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_default_topics"),
        ("resources", "0003_crisisline_structured_fields"),
    ]
    operations = [
        migrations.RunPython(convert, unconvert),
        migrations.RunPython(give_every_line_a_way_to_reach_it, migrations.RunPython.noop),
    ]
