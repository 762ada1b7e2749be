"""Reads for accounts and profiles: each returns only the caller's own data."""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import global_settings, settings
from django.conf.locale import LANG_INFO
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from peerhaven.accounts.browsers import describe_browser
from peerhaven.accounts.models import (
    DISPLAY_NAME_MAX,
    Profile,
    Topic,
    User,
    display_name_key,
    display_name_normalize,
)
from peerhaven.accounts.sessions import session_hash
from peerhaven.core import personal_data, time_zones
from peerhaven.core.prepared import PreparedQuery

# Regional variants (en-gb, es-mx) say nothing more about what someone speaks; Chinese has
# no base code in Django's list, so its two scripts stay.
_KEEP_VARIANTS = {"zh-hans", "zh-hant"}


# The longest key a display name can have: case-folding turns one letter into at most two
# ("ß" → "ss"; checked over all of Unicode, after NFKC).
_DISPLAY_NAME_KEY_MAX = 2 * DISPLAY_NAME_MAX


def user_list_named(name: str) -> QuerySet[User]:
    """Everyone known by this name or a look-alike of it: the same after normalizing and
    case-folding (`display_name_key`). The case-insensitive match also covers accounts that
    were made without a key (outside the services). A name longer than any display name can
    be matches nobody, without a query (SQLite refuses a LIKE pattern far longer)."""
    normalized = display_name_normalize(name)
    key = display_name_key(normalized)
    if len(key) > _DISPLAY_NAME_KEY_MAX:
        return User.objects.none()
    named = Q(display_name_key=key)
    if len(normalized) <= DISPLAY_NAME_MAX:
        # Longer, it can still be a look-alike's key ("ss" × 40 for "ß" × 40), but no name.
        named |= Q(display_name__iexact=normalized)
    return User.objects.filter(named)


def display_name_taken(name: str, *, exclude: User | None = None) -> bool:
    """Whether someone (other than `exclude`) already has this name or a look-alike of it."""
    people = user_list_named(name)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return people.exists()


def topic_list_active() -> QuerySet[Topic]:
    return Topic.objects.filter(is_active=True).order_by("name")


def _topics_marked(profile_id: int) -> QuerySet[Topic]:
    lived = Profile.topics.through.objects.filter(profile_id=profile_id, topic=OuterRef("pk"))
    filtered = Profile.content_filters.through.objects.filter(
        profile_id=profile_id, topic=OuterRef("pk")
    )
    return topic_list_active().annotate(lived=Exists(lived), filtered=Exists(filtered))


_TOPICS_MARKED = PreparedQuery(_topics_marked)


def topic_list_active_marked(*, profile: Profile) -> list[Topic]:
    """The active topics, each with `lived` and `filtered` true when the profile has chosen
    it as a lived-experience topic or a content filter: the profile form's choices and
    initial values in one query."""
    if profile.pk is None:
        return list(topic_list_active().annotate(lived=Value(False), filtered=Value(False)))
    return list(_TOPICS_MARKED.objects(profile.pk))


_PROFILE_OF_USER = PreparedQuery(lambda user_id: Profile.objects.filter(user_id=user_id))


def profile_get_for_user(*, user: User, with_topics: bool = True) -> Profile | None:
    """The person's own profile, with its topics prefetched unless told not to, or None if
    it was never made."""
    if with_topics:
        profile = (
            Profile.objects.filter(user=user).prefetch_related("topics", "content_filters").first()
        )
    else:
        profile = next(iter(_PROFILE_OF_USER.objects(user.pk)), None)
    if profile is not None:
        profile.user = user  # already loaded: no join needed to fetch it again
    return profile


@dataclass(frozen=True)
class SignIn:
    at: datetime
    ended_at: datetime | None
    browser: str
    ip_address: str | None
    this_browser: bool
    expired: bool


RECENT_SIGN_INS = 5


def sign_in_list_recent(*, user: User, session: SessionBase | None) -> list[SignIn]:
    """The account's latest successful sign-ins, newest first, so its owner can spot one that
    was not them: when, with what, from where, whether it is this browser, and whether it
    has ended (signed out, ended from elsewhere, or past the session's lifetime)."""
    from axes.models import AccessLog

    here = session_hash(session)
    oldest_alive = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = AccessLog.objects.filter(username=user.email).order_by("-attempt_time", "-pk")
    return [
        SignIn(
            at=row.attempt_time,
            ended_at=row.logout_time,
            browser=describe_browser(row.user_agent or ""),
            ip_address=row.ip_address,
            this_browser=bool(here) and row.session_hash == here and row.logout_time is None,
            expired=row.attempt_time < oldest_alive,
        )
        for row in rows[:RECENT_SIGN_INS]
    ]


def api_token_get_for_user(*, user: User) -> Token | None:
    return Token.objects.filter(user=user).first()


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the registry knows about this person, one key per registered section."""
    return personal_data.export_all(user)


@functools.cache
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    """(name, label) for every IANA time zone, labelled as people write the place
    ("America/New York"). One shared tuple: the long-list widgets recognise it and render
    its options once per process."""
    return tuple((name, name.replace("_", " ")) for name in time_zones.time_zone_names())


def language_choices() -> tuple[tuple[str, str], ...]:
    """(code, label) for the languages someone can say they speak, by label.

    A language's own name is marked with its `lang`, so screen readers pronounce it right.
    One shared tuple per display language (see `time_zone_choices`).
    """
    return _language_choices(get_language())


# Built once per display language: the lists are long and every profile page shows them.
@functools.lru_cache(maxsize=32)
def _language_choices(display_language: str) -> tuple[tuple[str, str], ...]:
    choices: list[tuple[str, str]] = []
    for code, name in global_settings.LANGUAGES:
        if "-" in code and code not in _KEEP_VARIANTS:
            continue
        local = LANG_INFO.get(code, {}).get("name_local", "")
        label = str(_(name))
        if local and local != label:
            label = format_html('{} (<span lang="{}">{}</span>)', label, code, local)
        choices.append((code, label))
    return tuple(sorted(choices, key=lambda choice: strip_tags(choice[1]).casefold()))


def language_label(code: str) -> str:
    name = dict(global_settings.LANGUAGES).get(code)
    return str(_(name)) if name else code


def country_choices() -> list[tuple[str, str]]:
    """(ISO 3166-1 alpha-2 code, name), by name in the current language."""
    return list(_country_choices(get_language()))


def country_choices_or_unset() -> tuple[tuple[str, str], ...]:
    """The countries after a "Not set" entry, for an optional country field."""
    return _country_choices_or_unset(get_language())


@functools.lru_cache(maxsize=32)
def _country_choices(display_language: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(((code, str(name)) for code, name in COUNTRIES), key=lambda c: c[1].casefold())
    )


@functools.lru_cache(maxsize=32)
def _country_choices_or_unset(display_language: str) -> tuple[tuple[str, str], ...]:
    return (("", str(_("Not set"))), *_country_choices(display_language))


COUNTRIES: tuple[tuple[str, Any], ...] = (
    ("AD", _("Andorra")),
    ("AE", _("United Arab Emirates")),
    ("AF", _("Afghanistan")),
    ("AG", _("Antigua and Barbuda")),
    ("AI", _("Anguilla")),
    ("AL", _("Albania")),
    ("AM", _("Armenia")),
    ("AO", _("Angola")),
    ("AQ", _("Antarctica")),
    ("AR", _("Argentina")),
    ("AS", _("American Samoa")),
    ("AT", _("Austria")),
    ("AU", _("Australia")),
    ("AW", _("Aruba")),
    ("AX", _("Åland Islands")),
    ("AZ", _("Azerbaijan")),
    ("BA", _("Bosnia and Herzegovina")),
    ("BB", _("Barbados")),
    ("BD", _("Bangladesh")),
    ("BE", _("Belgium")),
    ("BF", _("Burkina Faso")),
    ("BG", _("Bulgaria")),
    ("BH", _("Bahrain")),
    ("BI", _("Burundi")),
    ("BJ", _("Benin")),
    ("BL", _("Saint Barthélemy")),
    ("BM", _("Bermuda")),
    ("BN", _("Brunei")),
    ("BO", _("Bolivia")),
    ("BQ", _("Caribbean NL")),
    ("BR", _("Brazil")),
    ("BS", _("Bahamas")),
    ("BT", _("Bhutan")),
    ("BV", _("Bouvet Island")),
    ("BW", _("Botswana")),
    ("BY", _("Belarus")),
    ("BZ", _("Belize")),
    ("CA", _("Canada")),
    ("CC", _("Cocos (Keeling) Islands")),
    ("CD", _("Democratic Republic of the Congo")),
    ("CF", _("Central African Republic")),
    ("CG", _("Republic of the Congo")),
    ("CH", _("Switzerland")),
    ("CI", _("Côte d'Ivoire")),
    ("CK", _("Cook Islands")),
    ("CL", _("Chile")),
    ("CM", _("Cameroon")),
    ("CN", _("China")),
    ("CO", _("Colombia")),
    ("CR", _("Costa Rica")),
    ("CU", _("Cuba")),
    ("CV", _("Cape Verde")),
    ("CW", _("Curaçao")),
    ("CX", _("Christmas Island")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DE", _("Germany")),
    ("DJ", _("Djibouti")),
    ("DK", _("Denmark")),
    ("DM", _("Dominica")),
    ("DO", _("Dominican Republic")),
    ("DZ", _("Algeria")),
    ("EC", _("Ecuador")),
    ("EE", _("Estonia")),
    ("EG", _("Egypt")),
    ("EH", _("Western Sahara")),
    ("ER", _("Eritrea")),
    ("ES", _("Spain")),
    ("ET", _("Ethiopia")),
    ("FI", _("Finland")),
    ("FJ", _("Fiji")),
    ("FK", _("Falkland Islands")),
    ("FM", _("Micronesia")),
    ("FO", _("Faroe Islands")),
    ("FR", _("France")),
    ("GA", _("Gabon")),
    ("GB", _("United Kingdom")),
    ("GD", _("Grenada")),
    ("GE", _("Georgia")),
    ("GF", _("French Guiana")),
    ("GG", _("Guernsey")),
    ("GH", _("Ghana")),
    ("GI", _("Gibraltar")),
    ("GL", _("Greenland")),
    ("GM", _("Gambia")),
    ("GN", _("Guinea")),
    ("GP", _("Guadeloupe")),
    ("GQ", _("Equatorial Guinea")),
    ("GR", _("Greece")),
    ("GS", _("South Georgia and the South Sandwich Islands")),
    ("GT", _("Guatemala")),
    ("GU", _("Guam")),
    ("GW", _("Guinea-Bissau")),
    ("GY", _("Guyana")),
    ("HK", _("Hong Kong")),
    ("HM", _("Heard Island and McDonald Islands")),
    ("HN", _("Honduras")),
    ("HR", _("Croatia")),
    ("HT", _("Haiti")),
    ("HU", _("Hungary")),
    ("ID", _("Indonesia")),
    ("IE", _("Ireland")),
    ("IL", _("Israel")),
    ("IM", _("Isle of Man")),
    ("IN", _("India")),
    ("IO", _("British Indian Ocean Territory")),
    ("IQ", _("Iraq")),
    ("IR", _("Iran")),
    ("IS", _("Iceland")),
    ("IT", _("Italy")),
    ("JE", _("Jersey")),
    ("JM", _("Jamaica")),
    ("JO", _("Jordan")),
    ("JP", _("Japan")),
    ("KE", _("Kenya")),
    ("KG", _("Kyrgyzstan")),
    ("KH", _("Cambodia")),
    ("KI", _("Kiribati")),
    ("KM", _("Comoros")),
    ("KN", _("Saint Kitts and Nevis")),
    ("KP", _("North Korea")),
    ("KR", _("South Korea")),
    ("KW", _("Kuwait")),
    ("KY", _("Cayman Islands")),
    ("KZ", _("Kazakhstan")),
    ("LA", _("Laos")),
    ("LB", _("Lebanon")),
    ("LC", _("Saint Lucia")),
    ("LI", _("Liechtenstein")),
    ("LK", _("Sri Lanka")),
    ("LR", _("Liberia")),
    ("LS", _("Lesotho")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("LV", _("Latvia")),
    ("LY", _("Libya")),
    ("MA", _("Morocco")),
    ("MC", _("Monaco")),
    ("MD", _("Moldova")),
    ("ME", _("Montenegro")),
    ("MF", _("Saint Martin (French part)")),
    ("MG", _("Madagascar")),
    ("MH", _("Marshall Islands")),
    ("MK", _("North Macedonia")),
    ("ML", _("Mali")),
    ("MM", _("Myanmar")),
    ("MN", _("Mongolia")),
    ("MO", _("Macao")),
    ("MP", _("Northern Mariana Islands")),
    ("MQ", _("Martinique")),
    ("MR", _("Mauritania")),
    ("MS", _("Montserrat")),
    ("MT", _("Malta")),
    ("MU", _("Mauritius")),
    ("MV", _("Maldives")),
    ("MW", _("Malawi")),
    ("MX", _("Mexico")),
    ("MY", _("Malaysia")),
    ("MZ", _("Mozambique")),
    ("NA", _("Namibia")),
    ("NC", _("New Caledonia")),
    ("NE", _("Niger")),
    ("NF", _("Norfolk Island")),
    ("NG", _("Nigeria")),
    ("NI", _("Nicaragua")),
    ("NL", _("Netherlands")),
    ("NO", _("Norway")),
    ("NP", _("Nepal")),
    ("NR", _("Nauru")),
    ("NU", _("Niue")),
    ("NZ", _("New Zealand")),
    ("OM", _("Oman")),
    ("PA", _("Panama")),
    ("PE", _("Peru")),
    ("PF", _("French Polynesia")),
    ("PG", _("Papua New Guinea")),
    ("PH", _("Philippines")),
    ("PK", _("Pakistan")),
    ("PL", _("Poland")),
    ("PM", _("Saint Pierre and Miquelon")),
    ("PN", _("Pitcairn")),
    ("PR", _("Puerto Rico")),
    ("PS", _("Palestine")),
    ("PT", _("Portugal")),
    ("PW", _("Palau")),
    ("PY", _("Paraguay")),
    ("QA", _("Qatar")),
    ("RE", _("Réunion")),
    ("RO", _("Romania")),
    ("RS", _("Serbia")),
    ("RU", _("Russia")),
    ("RW", _("Rwanda")),
    ("SA", _("Saudi Arabia")),
    ("SB", _("Solomon Islands")),
    ("SC", _("Seychelles")),
    ("SD", _("Sudan")),
    ("SE", _("Sweden")),
    ("SG", _("Singapore")),
    ("SH", _("Saint Helena")),
    ("SI", _("Slovenia")),
    ("SJ", _("Svalbard and Jan Mayen")),
    ("SK", _("Slovakia")),
    ("SL", _("Sierra Leone")),
    ("SM", _("San Marino")),
    ("SN", _("Senegal")),
    ("SO", _("Somalia")),
    ("SR", _("Suriname")),
    ("SS", _("South Sudan")),
    ("ST", _("São Tomé and Príncipe")),
    ("SV", _("El Salvador")),
    ("SX", _("Sint Maarten (Dutch part)")),
    ("SY", _("Syria")),
    ("SZ", _("Eswatini")),
    ("TC", _("Turks and Caicos Islands")),
    ("TD", _("Chad")),
    ("TF", _("French S. Terr.")),
    ("TG", _("Togo")),
    ("TH", _("Thailand")),
    ("TJ", _("Tajikistan")),
    ("TK", _("Tokelau")),
    ("TL", _("East Timor")),
    ("TM", _("Turkmenistan")),
    ("TN", _("Tunisia")),
    ("TO", _("Tonga")),
    ("TR", _("Türkiye")),
    ("TT", _("Trinidad and Tobago")),
    ("TV", _("Tuvalu")),
    ("TW", _("Taiwan")),
    ("TZ", _("Tanzania")),
    ("UA", _("Ukraine")),
    ("UG", _("Uganda")),
    ("UM", _("US minor outlying islands")),
    ("US", _("United States")),
    ("UY", _("Uruguay")),
    ("UZ", _("Uzbekistan")),
    ("VA", _("Vatican City")),
    ("VC", _("Saint Vincent and the Grenadines")),
    ("VE", _("Venezuela")),
    ("VG", _("British Virgin Islands")),
    ("VI", _("U.S. Virgin Islands")),
    ("VN", _("Vietnam")),
    ("VU", _("Vanuatu")),
    ("WF", _("Wallis and Futuna")),
    ("WS", _("Samoa")),
    ("YE", _("Yemen")),
    ("YT", _("Mayotte")),
    ("ZA", _("South Africa")),
    ("ZM", _("Zambia")),
    ("ZW", _("Zimbabwe")),
)
COUNTRY_CODES = frozenset(code for code, _name in COUNTRIES)


def time_zone_of(user: Any) -> zoneinfo.ZoneInfo:
    """The member's own time zone (their profile's); UTC when they have none. A signed-in
    request's user already carries it (accounts.backends)."""
    name = getattr(user, "time_zone_name", None)
    if name is None and getattr(user, "pk", None) is not None:
        name = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    return time_zones.zone_or_utc(name)


def moment_for(user: Any, when: datetime) -> str:
    """A date and time as written into a message to this member: in their zone, named."""
    zone = time_zone_of(user)
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M} ({zone.key})"
