"""Personal information: details that could identify the writer or someone else.

Catches:
- phone numbers in international and national formats ("+44 7700 900123", "(555) 123-4567",
  "555.123.4567", "07700900123", "0049 30 1234567");
- e-mail addresses, also spelled out ("jane at gmail dot com");
- street addresses: a house number, a capitalised street name and a street type ("12 Baker
  Street", "221b Elm Rd, Apt 4"), lower-case ones after "I live at…", UK postcodes and US
  "CA 90210"-style state and ZIP;
- social handles ("@jane_doe", "u/jane", "snap: jane.doe", "my insta is jane.doe") and links
  to profiles (instagram.com/…, facebook.com/…, tiktok.com/@…, x.com/…, twitter.com/…,
  linkedin.com/in/…, snapchat.com/add/…, t.me/…, wa.me/…, discord.gg/…, and similar);
- full names with a place ("I'm Jane Smith from Leeds", "my name is Jane Smith").

Any path on a social site counts (a post link names its author); any @name counts, since the
platform has no @mentions of its own.

Leaves alone: dates, times, years and ranges ("2019-2021", "10:30"), amounts and measures,
IP-like dotted numbers, short numbers, links to other sites and bare social domains
("instagram.com"), "@ 5pm", "my instagram is lacking", and first names on their own ("I'm
Jane", "I'm Jane from Leeds").

Misses: numbers written in words, addresses without a street type, names of workplaces or
schools, plain-word handles after "my insta is" ("my insta is janedoe"), handles without a
marker, and full names without a place or "my name is".

Every finding offers to remove the span (suggestion ""): the member decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peerhaven.coach.findings._base import Rx, TextScan, finding, rx
from peerhaven.coach.types import Context, Finding

KIND = "personal_info"

PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
HANDLE = "handle"
PROFILE_LINK = "profile_link"
NAME = "name"


@dataclass(frozen=True)
class Lexicon:
    phone: re.Pattern[str]
    date_like: re.Pattern[str]
    email: re.Pattern[str]
    spelled_email: re.Pattern[str]
    address: re.Pattern[str]
    address_after_lead: re.Pattern[str]
    postcode: re.Pattern[str]
    handle: re.Pattern[str]
    handle_labelled: Rx
    handle_not: re.Pattern[str]
    profile_link: re.Pattern[str]
    name_lead: Rx
    name: re.Pattern[str]
    address_keys: tuple[str, ...]
    postcode_hint: re.Pattern[str]
    not_names: frozenset[str]
    # Words one of which must occur for a pattern to be worth running.
    handle_keys: tuple[str, ...]
    name_keys: tuple[str, ...]
    messages: dict[str, str]


_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Terrace|"
    r"Close|Crescent|Cres|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Row|Gardens|Gdns|Grove|"
    r"Hill|Walk|Mews|Rise|Vale|Parade|Trail|Trl|Alley|Plaza|Strasse|Straße|Str|Wharf|Quay|"
    r"Embankment"
)
_UNIT = r"(?:,?\s+(?:Apt|Apartment|Unit|Flat|Suite|Ste|#)\.?\s*[A-Za-z0-9]{1,5})?"
_NAME_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
_PLACE = r"[A-Z][a-z]+(?:[-\s][A-Z][a-z]+){0,2}"

_NOT_NAMES = frozenset(
    """
    a an the so not very really just feeling tired sorry here from in of and but going back still
    also happy sad glad scared done fine okay ok good bad lost new old always never trying
    struggling mum mom dad currently living based writing posting thankful grateful proud sure
    pretty kind sort literally honestly god jesus english british american canadian australian
    irish scottish welsh french german spanish italian polish indian chinese japanese muslim
    christian jewish catholic gay trans autistic bipolar depressed anxious sober clean on at with
    to for my your our his her their it this that these those no yes monday tuesday wednesday
    thursday friday saturday sunday january february march july september
    october november december i im me we us you he she they am is are was were be been being
    hello hi hey dear thanks thank please let lets
    """.split()  # noqa: SIM905
)

_EN = Lexicon(
    phone=re.compile(
        r"(?<![\w+@/.:#$€£%=&?-])(?:\+|00)?\(?\d[\d \t\u00a0().\-/]{5,22}\d(?![\w@%]|[.,]\d|:\d)"
    ),
    date_like=re.compile(
        r"^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,3}(?:\.\d{1,3}){3}|(?:(?:19|20)\d\d\s*[-/–]\s*)+"
        r"(?:19|20)\d\d)$"
    ),
    email=re.compile(
        r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+"
        r"[A-Za-z]{2,24}\b"
    ),
    spelled_email=re.compile(
        r"\b[A-Za-z0-9][\w.+-]{1,63}\s*(?:\(at\)|\[at\]|\{at\}|\s+at\s+)\s*[A-Za-z0-9-]{2,63}\s*"
        r"(?:\(dot\)|\[dot\]|\{dot\}|\s+dot\s+)\s*(?:com|net|org|co|uk|de|fr|io|edu|me|info)\b",
        re.IGNORECASE,
    ),
    address=re.compile(
        r"\b\d{1,5}[A-Za-z]?(?:[-–/]\d{1,5}[A-Za-z]?)?,?\s+(?:" + _NAME_WORD + r"\s+){0,3}"
        r"(?:" + _NAME_WORD + r"|\d{1,3}(?:st|nd|rd|th))\s+(?:" + _STREET_TYPES + r")\b\.?" + _UNIT
    ),
    address_after_lead=re.compile(
        r"\b(?:live|living|lives|stay|staying|located|moved|address\s+is|address:)"
        r"(?:\s+(?:at|on|to|in))?\s+(?P<addr>\d{1,5}[a-z]?\s+(?:[a-z'’.-]+\s+){1,4}(?:"
        + _STREET_TYPES.lower()
        + r")\b\.?"
        + _UNIT
        + r")",
        re.IGNORECASE,
    ),
    address_keys=("live", "living", "lives", "stay", "staying", "located", "moved", "address"),
    postcode_hint=re.compile(r"[A-Z]\d|[A-Z]{2}\s+\d{5}"),
    postcode=re.compile(
        r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}|"
        r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|"
        r"NV|NH|"
        r"NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\s+\d{5}(?:-\d{4})?)\b"
    ),
    handle=re.compile(
        r"@(?<![\w@./:+-]@)(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
        r"|(?:/u/|u/(?<![\w/]u/))[A-Za-z0-9_-]{3,20}\b"
    ),
    handle_labelled=rx(
        r"\b(?:ig|insta(?:gram)?|snap(?:chat)?|sc|tiktok|twitter|discord|telegram|kik|whats\s*app|"
        r"threads|bluesky|handle|username|user\s*name)\s*(?:[:=]|\s+is)\s*@?"
        r"(?P<h>[a-z0-9_.#]{2,32}[a-z0-9_])"
    ),
    handle_not=re.compile(
        r"@(?:\d{1,2}(?::\d\d)?\s?(?:am|pm)|everyone|here|channel|all|media|import|font-face|"
        r"keyframes|charset|supports|page)$",
        re.IGNORECASE,
    ),
    profile_link=re.compile(
        r"(?:instagram\.com|facebook\.com|fb\.com|"
        r"fb\.me|m\.me|tiktok\.com|x\.com|twitter\.com|linkedin\.com/in|snapchat\.com/add|t\.me|"
        r"wa\.me|discord\.gg|discord\.com/users|youtube\.com/(?:@|c/|channel/|user/)|"
        r"reddit\.com/u(?:ser)?|threads\.net|bsky\.app/profile|onlyfans\.com|linktr\.ee|"
        r"venmo\.com|paypal\.me|cash\.app|tumblr\.com|pinterest\.com|twitch\.tv|github\.com)"
        r"(?P<path>/?[^\s<>\"')\]]*)",
        re.IGNORECASE,
    ),
    name_lead=rx(
        r"\b(?:my\s+(?:full\s+|real\s+|legal\s+)?name(?:\s+is|'s)|i'm|i\s+am|im|this\s+is|"
        r"call\s+me)\s+(?=[a-z])"
    ),
    name=re.compile(
        r"(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,2})"
        r"(?:\s*,?\s*(?i:from|in|of|and\s+i(?:'m|’m|\s+am)?\s+(?:live|living|based)\s+in|"
        r"living\s+in|based\s+in|who\s+lives\s+in)\s+(?P<place>" + _PLACE + r"))?"
    ),
    not_names=_NOT_NAMES,
    handle_keys=(
        "ig",
        "insta",
        "instagram",
        "snap",
        "snapchat",
        "sc",
        "tiktok",
        "twitter",
        "discord",
        "telegram",
        "kik",
        "whatsapp",
        "whats",
        "threads",
        "bluesky",
        "handle",
        "username",
        "user",
    ),
    name_keys=("name", "i", "im", "this", "call"),
    messages={
        PHONE: "This looks like a phone number. It could identify you or someone else. "
        "Remove it? It's your choice.",
        EMAIL: "This looks like an e-mail address. It could identify you or someone else. "
        "Remove it? It's your choice.",
        ADDRESS: "This looks like an address. It could identify you or someone else. "
        "Remove it? It's your choice.",
        HANDLE: "This looks like a social media handle. It could identify you or someone else. "
        "Remove it? It's your choice.",
        PROFILE_LINK: "This links to a social media profile. It could identify you or someone "
        "else. Remove it? It's your choice.",
        NAME: "A full name with a place can identify someone. Remove it? It's your choice.",
    },
)

LEXICONS: dict[str, Lexicon] = {"en": _EN}

_TRAILING_URL = ".,;:!?*_~"
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_NON_SPACE = re.compile(r"\S+")
_URL_PREFIX = re.compile(r"(?:https?://)?(?:www\.|m\.|mobile\.|[a-z]{2}\.)?$", re.IGNORECASE)
_DOMAINS = (
    "instagram.com", "facebook.com", "fb.com", "fb.me", "m.me", "tiktok.com", "x.com",
    "twitter.com", "linkedin.com", "snapchat.com", "t.me", "wa.me", "discord.gg", "discord.com",
    "youtube.com", "reddit.com", "threads.net", "bsky.app", "onlyfans.com", "linktr.ee",
    "venmo.com", "paypal.me", "cash.app", "tumblr.com", "pinterest.com", "twitch.tv", "github.com",
)  # fmt: skip


def find(scan: TextScan, *, mode: str, context: Context, locale: str = "en") -> list[Finding]:
    lx = LEXICONS.get(locale)
    if lx is None:
        return []
    text = scan.text
    out: list[Finding] = []

    def add(start: int, end: int, what: str) -> None:
        if end > start:
            out.append(finding(KIND, start, end, lx.messages[what], ""))

    has_digit = _DIGIT.search(text) is not None
    at = "@" in text

    lower = scan.lower
    for m in lx.profile_link.finditer(text) if any(map(lower.__contains__, _DOMAINS)) else ():
        end = m.end()
        while end > m.start("path") and text[end - 1] in _TRAILING_URL:
            end -= 1
        # A bare domain ("instagram.com") is not a profile.
        if not text[m.start("path") : end].strip("/"):
            continue
        prefix = _URL_PREFIX.search(text[max(0, m.start() - 16) : m.start()])
        add(m.start() - (len(prefix.group(0)) if prefix else 0), end, PROFILE_LINK)

    for m in lx.email.finditer(text) if at else ():
        add(m.start(), m.end(), EMAIL)
    for m in lx.spelled_email.finditer(text) if scan.has_any(("dot",)) else ():
        add(m.start(), m.end(), EMAIL)

    for m in lx.phone.finditer(text) if has_digit else ():
        start, end = m.start(), m.end()
        candidate = text[start:end]
        # Balance brackets: "(555) 123" keeps "(", a trailing ")" without one goes.
        while candidate and candidate[-1] in ").-/ \t\u00a0":
            candidate = candidate[:-1]
            end -= 1
        if candidate.startswith("(") and ")" not in candidate:
            candidate, start = candidate[1:], start + 1
        digits = sum(c.isdigit() for c in candidate)
        international = candidate.startswith(("+", "00"))
        separators = [c for c in candidate.lstrip("+(") if not c.isdigit()]
        groups = _DIGITS.findall(candidate)
        if separators and set(separators) <= {".", ","} and len(separators) == 1:
            continue  # a decimal number
        if len(groups) >= 4 and max(map(len, groups)) <= 2 and not candidate.startswith(("0", "+")):
            continue  # a list of small numbers
        separated = bool(separators)
        if lx.date_like.match(candidate.strip()):
            continue
        if international:
            ok = 8 <= digits <= 15
        elif separated:
            ok = 9 <= digits <= 15
        else:
            ok = 10 <= digits <= 11
        if ok:
            add(start, end, PHONE)

    for m in lx.address.finditer(text) if has_digit else ():
        add(m.start(), m.end(), ADDRESS)
    addresses = has_digit and scan.has_any(lx.address_keys)
    for m in lx.address_after_lead.finditer(text) if addresses else ():
        add(m.start("addr"), m.end("addr"), ADDRESS)
    postcodes = has_digit and lx.postcode_hint.search(text) is not None
    for m in lx.postcode.finditer(text) if postcodes else ():
        add(m.start(), m.end(), ADDRESS)

    for m in lx.handle.finditer(text) if at or "u/" in text else ():
        if lx.handle_not.match(m.group(0)):
            continue
        add(m.start(), m.end(), HANDLE)
    for m in lx.handle_labelled.iter(scan) if scan.has_any(lx.handle_keys) else ():
        handle = m.group("h")
        if handle.lower() in lx.not_names or handle.isdigit():
            continue
        label = text[m.start() : m.start("h")]
        marked = any(c in label for c in "@:=")
        if not marked and not any(c in handle for c in "._#0123456789"):
            continue
        add(m.start("h"), m.end("h"), HANDLE)

    for lead in lx.name_lead.iter(scan) if scan.has_any(lx.name_keys) else ():
        nm = lx.name.match(text, lead.end())
        if nm is None:
            continue
        words = nm.group("name").split()
        while words and words[-1].lower() in lx.not_names:
            words.pop()
        if any(w.lower() in lx.not_names for w in words):
            continue
        place = nm.group("place")
        if place is not None and place.split()[0].lower() in lx.not_names:
            place = None
        named = lead.group(0).lower().startswith("my")
        if len(words) >= 2 and (place is not None or named):
            if place is not None:
                end = nm.end("place")
            else:
                spans = list(_NON_SPACE.finditer(nm.group("name")))
                end = nm.start("name") + spans[len(words) - 1].end()
            add(lead.start(), end, NAME)
    return out
