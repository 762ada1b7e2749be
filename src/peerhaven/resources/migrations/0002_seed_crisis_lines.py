"""Seed well-known national crisis lines and emergency numbers.

Each entry names the official page it was checked against and the day it was checked.
Safe to rerun: an existing slug is left as it is, so edits made in the admin survive.
Only numbers published by the services themselves belong here; a wrong number in a
crisis is worse than a missing one.
"""

import datetime

from django.db import migrations

VERIFIED = datetime.date(2026, 11, 25)

LINES = [
    # --- United States ---
    {
        "slug": "us-emergency",
        "country": "US",
        "kind": "emergency",
        "name": "Emergency services (911)",
        "description": "Police, fire and ambulance, if you or someone else is in immediate danger.",
        "phone": "911",
        "source_url": "https://www.911.gov/",
    },
    {
        "slug": "us-988-lifeline",
        "country": "US",
        "name": "988 Suicide & Crisis Lifeline",
        "description": "Free, confidential support for anyone in suicidal crisis or emotional distress, or worried about someone else.",
        "phone": "988",
        "sms_number": "988",
        "chat_url": "https://988lifeline.org/chat/",
        "languages": "English, Spanish",
        "topics": "suicidal-thoughts, self-harm, depression, anxiety, addiction-recovery",
        "source_url": "https://988lifeline.org/",
    },
    {
        "slug": "us-crisis-text-line",
        "country": "US",
        "name": "Crisis Text Line",
        "description": "Free, confidential text conversations with a trained volunteer crisis counselor.",
        "sms_number": "741741",
        "sms_keyword": "HOME",
        "languages": "English",
        "topics": "suicidal-thoughts, self-harm, anxiety, depression, loneliness",
        "source_url": "https://www.crisistextline.org/",
    },
    {
        "slug": "us-veterans-crisis-line",
        "country": "US",
        "name": "Veterans Crisis Line",
        "description": "For veterans, service members and the people who support them: call 988 and press 1, or text 838255.",
        "phone": "988",
        "sms_number": "838255",
        "chat_url": "https://www.veteranscrisisline.net/",
        "languages": "English",
        "topics": "suicidal-thoughts, trauma",
        "source_url": "https://www.veteranscrisisline.net/",
    },
    # --- United Kingdom ---
    {
        "slug": "gb-emergency",
        "country": "GB",
        "kind": "emergency",
        "name": "Emergency services (999 or 112)",
        "description": "Police, fire, ambulance and coastguard, if a life is at risk right now.",
        "phone": "999",
        "source_url": "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
    },
    {
        "slug": "gb-samaritans",
        "country": "GB",
        "name": "Samaritans",
        "description": "Free, any time, for anyone who is struggling to cope or needs someone to listen.",
        "phone": "116 123",
        "languages": "English",
        "topics": "suicidal-thoughts, self-harm, loneliness, depression",
        "source_url": "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
    },
    {
        "slug": "gb-shout",
        "country": "GB",
        "name": "Shout",
        "description": "Free, confidential text support for anyone who is struggling to cope.",
        "sms_number": "85258",
        "sms_keyword": "SHOUT",
        "languages": "English",
        "topics": "suicidal-thoughts, self-harm, anxiety, depression",
        "source_url": "https://giveusashout.org/",
    },
    # --- Ireland ---
    {
        "slug": "ie-emergency",
        "country": "IE",
        "kind": "emergency",
        "name": "Emergency services (112 or 999)",
        "description": "Gardaí, fire, ambulance and coast guard, if a life is at risk right now.",
        "phone": "112",
        "source_url": "https://digital-strategy.ec.europa.eu/en/policies/112",
    },
    {
        "slug": "ie-samaritans",
        "country": "IE",
        "name": "Samaritans Ireland",
        "description": "Free, any time, for anyone who is struggling to cope or needs someone to listen.",
        "phone": "116 123",
        "languages": "English",
        "topics": "suicidal-thoughts, self-harm, loneliness, depression",
        "source_url": "https://www.samaritans.org/ireland/",
    },
    {
        "slug": "ie-text-50808",
        "country": "IE",
        "name": "50808 text service",
        "description": "Free, anonymous text support from trained volunteers, any time.",
        "sms_number": "50808",
        "sms_keyword": "HELLO",
        "languages": "English",
        "topics": "suicidal-thoughts, self-harm, anxiety, depression",
        "source_url": "https://text50808.ie/",
    },
    # --- Canada ---
    {
        "slug": "ca-emergency",
        "country": "CA",
        "kind": "emergency",
        "name": "Emergency services (911)",
        "description": "Police, fire and ambulance, if you or someone else is in immediate danger.",
        "phone": "911",
        "source_url": "https://www.getprepared.gc.ca/",
    },
    {
        "slug": "ca-988",
        "country": "CA",
        "name": "9-8-8 Suicide Crisis Helpline",
        "description": "Call or text 9-8-8 any time if you are thinking about suicide or worried about someone else.",
        "phone": "988",
        "sms_number": "988",
        "languages": "English, French",
        "topics": "suicidal-thoughts, self-harm, suicide-loss",
        "source_url": "https://988.ca/",
    },
    {
        "slug": "ca-kids-help-phone",
        "country": "CA",
        "name": "Kids Help Phone",
        "description": "For young people: call, or text CONNECT to 686868, any time.",
        "phone": "1-800-668-6868",
        "sms_number": "686868",
        "sms_keyword": "CONNECT",
        "languages": "English, French",
        "source_url": "https://kidshelpphone.ca/",
    },
    # --- Australia ---
    {
        "slug": "au-emergency",
        "country": "AU",
        "kind": "emergency",
        "name": "Emergency services (000)",
        "description": "Police, fire and ambulance, if a life is at risk right now. 112 also works from mobile phones.",
        "phone": "000",
        "source_url": "https://www.triplezero.gov.au/",
    },
    {
        "slug": "au-lifeline",
        "country": "AU",
        "name": "Lifeline",
        "description": "Crisis support and suicide prevention for anyone having a difficult time.",
        "phone": "13 11 14",
        "sms_number": "0477 13 11 14",
        "chat_url": "https://www.lifeline.org.au/",
        "languages": "English",
        "topics": "suicidal-thoughts, self-harm, depression, anxiety",
        "source_url": "https://www.lifeline.org.au/",
    },
    {
        "slug": "au-beyond-blue",
        "country": "AU",
        "name": "Beyond Blue",
        "description": "Support with anxiety, depression and suicidal thoughts.",
        "phone": "1300 22 4636",
        "chat_url": "https://www.beyondblue.org.au/",
        "languages": "English",
        "topics": "anxiety, depression, suicidal-thoughts",
        "source_url": "https://www.beyondblue.org.au/",
    },
    {
        "slug": "au-kids-helpline",
        "country": "AU",
        "name": "Kids Helpline",
        "description": "Free, private counselling for young people aged 5 to 25.",
        "phone": "1800 55 1800",
        "languages": "English",
        "source_url": "https://kidshelpline.com.au/",
    },
    # --- New Zealand ---
    {
        "slug": "nz-emergency",
        "country": "NZ",
        "kind": "emergency",
        "name": "Emergency services (111)",
        "description": "Police, fire and ambulance, if a life is at risk right now.",
        "phone": "111",
        "source_url": "https://www.police.govt.nz/",
    },
    {
        "slug": "nz-1737",
        "country": "NZ",
        "name": "1737, Need to talk?",
        "description": "Free call or text any time to talk with a trained counsellor.",
        "phone": "1737",
        "sms_number": "1737",
        "languages": "English",
        "topics": "anxiety, depression, grief, suicidal-thoughts",
        "source_url": "https://1737.org.nz/",
    },
    {
        "slug": "nz-lifeline-aotearoa",
        "country": "NZ",
        "name": "Lifeline Aotearoa",
        "description": "Free support from trained volunteers, any time. Text HELP to 4357.",
        "phone": "0800 543 354",
        "sms_number": "4357",
        "sms_keyword": "HELP",
        "languages": "English",
        "topics": "suicidal-thoughts, loneliness, depression",
        "source_url": "https://www.lifeline.org.nz/",
    },
    # --- Anywhere ---
    {
        "slug": "intl-find-a-helpline",
        "country": "",
        "kind": "directory",
        "name": "Find A Helpline",
        "description": "A directory of free, confidential helplines in many countries, searchable by country and topic.",
        "chat_url": "https://findahelpline.com/",
        "hours": "",
        "source_url": "https://findahelpline.com/",
    },
]


def seed(apps, schema_editor):
    CrisisLine = apps.get_model("resources", "CrisisLine")
    for entry in LINES:
        defaults = {"kind": "crisis", "hours": "24/7", "last_verified": VERIFIED, **entry}
        slug = defaults.pop("slug")
        CrisisLine.objects.get_or_create(slug=slug, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_crisis_line")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
