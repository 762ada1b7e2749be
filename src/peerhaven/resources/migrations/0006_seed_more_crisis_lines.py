"""Seed national crisis lines and emergency numbers for more countries, and a region line.

Each entry names the official page it was checked against and the day it was checked;
only numbers the services publish themselves belong here: a wrong number in a crisis is
worse than a missing one. Every entry has its languages and topics.

Safe to rerun: entries are matched by slug and brought back to these details
(update_or_create). The languages of the lines seeded earlier are filled in only where
none are set, so an admin's choice stays.
"""

import datetime

from django.db import migrations

VERIFIED = datetime.date(2026, 11, 25)
EU_112 = "https://digital-strategy.ec.europa.eu/en/policies/112"

LINES = [
    # --- Germany ---
    {
        "slug": "de-emergency",
        "country": "DE",
        "kind": "emergency",
        "name": "Emergency services (112)",
        "description": "Ambulance and fire brigade, if a life is at risk right now. 110 reaches the police.",
        "phone": "112",
        "languages": ["de"],
        "source_url": EU_112,
    },
    {
        "slug": "de-telefonseelsorge",
        "country": "DE",
        "name": "TelefonSeelsorge",
        "description": "Free and anonymous, any time, for anyone who needs to talk. Also on 0800 111 0 222, and by chat or e-mail online.",
        "phone": "0800 111 0 111",
        "chat_url": "https://www.telefonseelsorge.de/",
        "languages": ["de"],
        "topics": ["suicidal-thoughts", "loneliness", "depression", "anxiety", "relationships"],
        "source_url": "https://www.telefonseelsorge.de/",
    },
    # --- France ---
    {
        "slug": "fr-emergency",
        "country": "FR",
        "kind": "emergency",
        "name": "Emergency services (112)",
        "description": "Police, fire and ambulance, if a life is at risk right now. 15 reaches the medical emergency service (SAMU).",
        "phone": "112",
        "languages": ["fr"],
        "source_url": EU_112,
    },
    {
        "slug": "fr-3114",
        "country": "FR",
        "name": "3114, numéro national de prévention du suicide",
        "description": "Free and confidential, any time, for anyone thinking about suicide, worried about someone, or bereaved by suicide.",
        "phone": "3114",
        "languages": ["fr"],
        "topics": ["suicidal-thoughts", "suicide-loss"],
        "source_url": "https://3114.fr/",
    },
    # --- Netherlands ---
    {
        "slug": "nl-emergency",
        "country": "NL",
        "kind": "emergency",
        "name": "Emergency services (112)",
        "description": "Police, fire and ambulance, if a life is at risk right now.",
        "phone": "112",
        "languages": ["nl"],
        "source_url": EU_112,
    },
    {
        "slug": "nl-113-zelfmoordpreventie",
        "country": "NL",
        "name": "113 Zelfmoordpreventie",
        "description": "Free and anonymous, any time, for anyone thinking about suicide or worried about someone. Also on 0800 0113, or chat online.",
        "phone": "113",
        "chat_url": "https://www.113.nl/",
        "languages": ["nl"],
        "topics": ["suicidal-thoughts", "suicide-loss"],
        "source_url": "https://www.113.nl/",
    },
    # --- Spain ---
    {
        "slug": "es-emergency",
        "country": "ES",
        "kind": "emergency",
        "name": "Emergency services (112)",
        "description": "Police, fire and ambulance, if a life is at risk right now.",
        "phone": "112",
        "languages": ["es"],
        "source_url": EU_112,
    },
    {
        "slug": "es-024",
        "country": "ES",
        "name": "Línea 024",
        "description": "Línea de atención a la conducta suicida: free and confidential, any time, for anyone thinking about suicide and the people close to them.",
        "phone": "024",
        "languages": ["es"],
        "topics": ["suicidal-thoughts", "suicide-loss"],
        "source_url": "https://www.sanidad.gob.es/linea024/home.htm",
    },
    # --- Brazil ---
    {
        "slug": "br-emergency",
        "country": "BR",
        "kind": "emergency",
        "name": "SAMU (192)",
        "description": "Ambulance, if a life is at risk right now. 190 reaches the police and 193 the fire brigade.",
        "phone": "192",
        "languages": ["pt"],
        "source_url": "https://www.gov.br/saude/pt-br/composicao/saes/samu-192",
    },
    {
        "slug": "br-cvv",
        "country": "BR",
        "name": "CVV, Centro de Valorização da Vida",
        "description": "Free emotional support and suicide prevention from trained volunteers, any time. Chat and e-mail online.",
        "phone": "188",
        "chat_url": "https://cvv.org.br/",
        "languages": ["pt"],
        "topics": ["suicidal-thoughts", "loneliness", "depression"],
        "source_url": "https://cvv.org.br/",
    },
    # --- India ---
    {
        "slug": "in-emergency",
        "country": "IN",
        "kind": "emergency",
        "name": "Emergency Response Support System (112)",
        "description": "Police, fire and ambulance anywhere in India, if a life is at risk right now.",
        "phone": "112",
        "languages": ["en", "hi"],
        "source_url": "https://112.gov.in/",
    },
    {
        "slug": "in-tele-manas",
        "country": "IN",
        "name": "Tele-MANAS",
        "description": "The national mental health helpline: free, any time, in a choice of Indian languages. Also on 1-800-891-4416.",
        "phone": "14416",
        "languages": ["en", "hi"],
        "topics": ["suicidal-thoughts", "depression", "anxiety"],
        "source_url": "https://telemanas.mohfw.gov.in/",
    },
    # --- South Africa ---
    {
        "slug": "za-emergency",
        "country": "ZA",
        "kind": "emergency",
        "name": "Police emergency (10111)",
        "description": "If a life is at risk right now. For an ambulance, call 10177.",
        "phone": "10111",
        "languages": ["en"],
        "source_url": "https://www.saps.gov.za/",
    },
    {
        "slug": "za-sadag-suicide-crisis",
        "country": "ZA",
        "name": "SADAG Suicide Crisis Helpline",
        "description": "Free, any time, from the South African Depression and Anxiety Group. Or text 31393 and a counsellor will call you back.",
        "phone": "0800 567 567",
        "sms_number": "31393",
        "languages": ["en"],
        "topics": ["suicidal-thoughts", "depression", "anxiety"],
        "source_url": "https://www.sadag.org/",
    },
    # --- Japan ---
    {
        "slug": "jp-emergency",
        "country": "JP",
        "kind": "emergency",
        "name": "Ambulance and fire (119)",
        "description": "If a life is at risk right now. 110 reaches the police.",
        "phone": "119",
        "languages": ["ja"],
        "source_url": "https://www.fdma.go.jp/",
    },
    {
        "slug": "jp-tell-lifeline",
        "country": "JP",
        "name": "TELL Lifeline",
        "description": "Free, anonymous support in English for anyone in Japan, by phone or chat. Opening hours are on the website.",
        "phone": "03-5774-0992",
        "chat_url": "https://telljp.com/",
        "hours": "",
        "languages": ["en"],
        "topics": ["suicidal-thoughts", "loneliness", "depression", "anxiety"],
        "source_url": "https://telljp.com/",
    },
    # --- Canada, Quebec only ---
    {
        "slug": "ca-qc-1-866-appelle",
        "country": "CA",
        "subdivision": "CA-QC",
        "name": "1 866 APPELLE",
        "description": "Quebec's suicide prevention line, any time: for anyone thinking about suicide, worried about someone, or bereaved by suicide.",
        "phone": "1-866-277-3553",
        "languages": ["fr", "en"],
        "topics": ["suicidal-thoughts", "suicide-loss"],
        "source_url": "https://suicide.ca/",
    },
]

# Lines from the first seed that had no languages written down.
EARLIER_LINE_LANGUAGES = {
    "us-emergency": ["en", "es"],
    "ca-emergency": ["en", "fr"],
    "gb-emergency": ["en"],
    "ie-emergency": ["en"],
    "au-emergency": ["en"],
    "nz-emergency": ["en"],
    "intl-find-a-helpline": ["en"],
}


def seed(apps, schema_editor):
    CrisisLine = apps.get_model("resources", "CrisisLine")
    Topic = apps.get_model("accounts", "Topic")
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for entry in LINES:
        fields = {
            "kind": "crisis",
            "subdivision": "",
            "hours": "24/7",
            "is_active": True,
            "last_verified": VERIFIED,
            **entry,
        }
        slug = fields.pop("slug")
        wanted = fields.pop("topics", [])
        line, _created = CrisisLine.objects.update_or_create(slug=slug, defaults=fields)
        line.topics.set([topics[s] for s in wanted if s in topics])
    for slug, languages in EARLIER_LINE_LANGUAGES.items():
        CrisisLine.objects.filter(slug=slug, languages=[]).update(languages=languages)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_default_topics"),
        ("resources", "0005_crisisline_constraints"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
