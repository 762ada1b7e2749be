"""Pressure: pushing someone to share more than they offered, or to meet or move off-platform.

Catches:
- pushing to share: "you have to tell us what happened", "tell me everything", "why won't
  you say more", "what are you hiding", "stop being so vague", "we deserve to know what
  happened", "you owe us an explanation", "details please", "spill it", "come on, tell us",
  "don't leave us hanging";
- moving elsewhere: "DM me on Instagram", "text me", "call me", "email me", "add me on
  WhatsApp", "find me on Discord", "my snap is…", "let's take this offline";
- asking for contact details or whereabouts: "give me your number", "what's your snap",
  "can I get your email", "do you have WhatsApp", "where do you live", "what's your real name";
- meeting: "let's meet up", "we should grab coffee", "want to hang out", "meet me in person",
  "I could pick you up".

Leaves alone: invitations that leave the choice open ("only if you want to", "when you're
ready", "no pressure", "you don't have to say more"), "tell me more" and other gentle
listening prompts, advice to tell someone else ("why don't you tell your doctor"), idioms
("call me crazy", "call me out"), messages inside the platform ("message me here"), reported
and quoted words.

Misses: pressure by persistence across several messages, guilt ("after all I've done for you,
you could at least tell me"), contact requests in other wordings, and meeting plans that name
a place without a meeting verb. Group meetings the platform organises can be caught by
"let's meet up"; the author can ignore the nudge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peerhaven.coach.findings._base import (
    Rx,
    TextScan,
    directive_start,
    finding,
    match_case,
    rx,
    trim_end,
)
from peerhaven.coach.types import Context, Finding

KIND = "pressure"

SHARE = "share"
OFF_PLATFORM = "off_platform"
ASK_CONTACT = "ask_contact"


@dataclass(frozen=True)
class Rule:
    pattern: Rx
    group: str
    directive: bool = False
    # Run the span to the end of the clause ("you have to tell us what happened").
    to_clause_end: bool = False
    # Only as a question ("Want to hang out?").
    question: bool = False
    # Words one of which must occur for the rule to be worth running.
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    contact_me: Rx
    direct_contact_verbs: frozenset[str]
    call_sense: Rx
    snap_idiom: Rx
    contact_lead: Rx
    optional: Rx
    messages: dict[str, str]
    suggestions: dict[str, str]


_PLATFORM = (
    r"(?:instagram|insta|ig|whats\s*app|wa|snapchat|snap|telegram|signal|discord|facebook|fb|"
    r"messenger|tiktok|twitter|x(?=\W|$)|kik|wechat|skype|zoom|face\s*time|imessage|reddit|"
    r"tumblr|linkedin|threads|bluesky|bsky|e-?mail|gmail|hangouts|viber|my\s+(?:phone|cell|mobile|"
    r"number|email|e-mail)|(?:the\s+)?phone)"
)
_CONTACT = (
    r"(?:(?:phone\s+|cell\s+|mobile\s+)?number|phone|digits|cell|mobile|e-?mail(?:\s+address)?|"
    r"(?:home\s+)?address|snap(?:chat)?|insta(?:gram)?|ig|whats\s*app|discord|telegram|handle|"
    r"socials|@|contact(?:\s+(?:info|details))?|kik|tiktok|twitter|facebook|fb|real\s+name|"
    r"full\s+name|last\s+name|surname|location|user\s*name)"
)

_EN_RULES = (
    # --- pushing to share more ---
    Rule(
        rx(
            r"\b(?:you|u)\s+(?:(?:really|just|seriously|honestly)\s+)*(?:have|need|got|gotta|must|"
            r"should|ought)\s*(?:to\s+)?(?:just\s+)?(?:tell|share\s+with|explain\s+(?:to\s+)?|"
            r"open\s+up\s+to|say\s+more\s+to|give)\s+(?:me|us)\b"
        ),
        SHARE,
        to_clause_end=True,
        keys=("tell", "share", "explain", "open", "say", "give"),
    ),
    Rule(
        rx(
            r"\btell\s+(?:me|us)\s+(?:everything|all\s+(?:about\s+it|of\s+it)|exactly|"
            r"the\s+whole\s+(?:story|thing)|every\s+(?:little\s+)?detail|the\s+details|details)\b"
        ),
        SHARE,
        directive=True,
        to_clause_end=True,
        keys=("tell",),
    ),
    Rule(
        rx(
            r"\bwhy\s+(?:won't|wont|will\s+not|don't|dont|do\s+not|can't|cant|didn't|wouldn't)\s+"
            r"(?:you|u)\s+(?:just\s+)?(?:say|tell|share|explain|talk\s+about|open\s+up|give)\b"
            r"(?=\s+(?:more|me|us|what|anything|the|why|who|details|it)\b|\s*[?.!]|\s*$)"
        ),
        SHARE,
        to_clause_end=True,
        keys=("why",),
    ),
    Rule(
        rx(
            r"\bwhat\s+(?:are|aren't|arent)\s+(?:you|u)\s+(?:hiding|not\s+telling)\b"
            r"|\bstop\s+(?:hiding\s+(?:it|things|stuff|the)|being\s+(?:so\s+)?(?:vague|secretive|"
            r"cryptic))\b|\bdon't\s+be\s+(?:so\s+)?(?:vague|secretive|cryptic)\b"
        ),
        SHARE,
        keys=("hiding", "telling", "vague", "secretive", "cryptic"),
    ),
    Rule(
        rx(
            r"\b(?:we|i)\s+(?:need|deserve|have\s+a\s+right)\s+to\s+know\s+(?:more|what|everything|"
            r"the\s+details|who|why|exactly)\b"
        ),
        SHARE,
        to_clause_end=True,
        keys=("know",),
    ),
    Rule(
        rx(
            r"\byou\s+owe\s+(?:us|me)\s+(?:an\s+explanation|the\s+(?:details|story|truth)|more|"
            r"answers?)\b"
            r"|\bdon't\s+leave\s+(?:us|me)\s+hanging\b"
        ),
        SHARE,
        keys=("owe", "hanging"),
    ),
    Rule(
        rx(
            r"\byou\s+can't\s+(?:just\s+)?(?:say|post|drop)\s+(?:that|something\s+like\s+that)\s+"
            r"and\s+(?:not|leave)\b"
            r"|\b(?:more\s+)?(?:details|deets)\s+(?:please|pls|plz)\b"
        ),
        SHARE,
        keys=("details", "deets", "post", "drop", "leave"),
    ),
    Rule(
        rx(
            r"\b(?:give|share)\s+(?:us|me)\s+(?:more\s+|the\s+|some\s+)?details\b"
            r"|\bspill\s+(?:it|the\s+(?:tea|beans|details))\b"
            r"|\b(?:come\s+on|c'mon|cmon),?\s+(?:just\s+)?(?:tell|spill|say|share|open\s+up)"
            r"(?:\s+(?:us|me|it|everything))?\b"
        ),
        SHARE,
        directive=True,
        keys=("details", "spill", "come", "mon", "cmon"),
    ),
    # --- asking for contact details or whereabouts ---
    Rule(
        rx(
            r"\b(?:give|send|dm|pm|text|tell)\s+(?:me|us)\s+your\s+" + _CONTACT + r"(?=\W|$)"
            r"|\bwhat(?:'s|\s+is|s)\s+your\s+" + _CONTACT + r"(?=\W|$)"
            r"|\b(?:can|could|may)\s+i\s+(?:have|get|grab|ask\s+for)\s+your\s+"
            + _CONTACT
            + r"(?=\W|$)"
        ),
        ASK_CONTACT,
        keys=("your",),
    ),
    Rule(
        rx(
            r"\bdo\s+(?:you|u)\s+have\s+(?:whats\s*app|snap(?:chat)?|insta(?:gram)?|discord|"
            r"telegram|"
            r"signal|kik|an?\s+(?:insta|ig|snap|discord)(?:\s+account)?)\b"
        ),
        ASK_CONTACT,
        keys=(
            "whatsapp",
            "whats",
            "snap",
            "snapchat",
            "insta",
            "instagram",
            "discord",
            "telegram",
            "signal",
            "kik",
            "ig",
        ),
    ),
    Rule(
        rx(
            r"\b(?:where|what\s+(?:city|town|area|street|part\s+of\s+town))\s+do\s+(?:you|"
            r"u)\s+live\b"
            r"|\bwhere\s+(?:are\s+(?:you|u)|do\s+(?:you|u)\s+live)\s+exactly\b"
        ),
        ASK_CONTACT,
        keys=("live", "exactly"),
    ),
    # --- meeting up or moving off the platform ---
    Rule(
        rx(
            r"\blet(?:'s|s|\s+us)\s+(?:meet(?:\s+up)?|hang\s+out|get\s+(?:a\s+)?(?:coffee|drinks?|"
            r"lunch|dinner|together)|grab\s+(?:a\s+)?(?:coffee|drinks?|lunch|dinner|bite)|"
            r"talk\s+(?:offline|off\s+here|on\s+the\s+phone|in\s+person|irl)|"
            r"take\s+this\s+(?:offline|elsewhere|somewhere\s+else|off\s+here)|"
            r"chat\s+(?:offline|elsewhere|somewhere\s+else|off\s+here)|"
            r"move\s+(?:this|to)\s+(?:to\s+)?" + _PLATFORM + r")\b"
        ),
        OFF_PLATFORM,
        keys=("let", "lets"),
    ),
    Rule(
        rx(
            r"\b(?:we|you\s+and\s+i)\s+should\s+(?:totally\s+|really\s+|def\s+|definitely\s+)?"
            r"(?:meet(?:\s+up)?|hang\s+out|get\s+(?:coffee|a\s+drink|together)|grab\s+(?:a\s+)?"
            r"(?:coffee|drink|lunch|bite))\b"
            r"|\b(?:(?:you|u)\s+wanna|would\s+(?:you|u)\s+like|do\s+(?:you|u)\s+(?:want|wanna)|"
            r"are\s+(?:you|u)\s+free|any(?:one|body)\b[^.!?\n]{0,40}?\b(?:wanna|want|up\s+for|"
            r"down))\s+(?:to\s+)?(?:meet(?:\s+up)?|hang\s+out|grab\s+(?:a\s+)?(?:coffee|drink|"
            r"lunch|bite)|get\s+(?:coffee|a\s+drink|together)|come\s+over)\b"
            r"|\bmeet\s+(?:me|up)\s+(?:irl|in\s+person|in\s+real\s+life|somewhere|sometime|"
            r"tomorrow|tonight|this\s+weekend|after)\b"
        ),
        OFF_PLATFORM,
        keys=("meet", "hang", "grab", "coffee", "drink", "together", "over"),
    ),
    Rule(
        rx(r"\bcome\s+(?:over\s+to\s+my|to\s+my)\s+(?:place|house|flat|apartment|room)\b"),
        OFF_PLATFORM,
        directive=True,
        keys=("come",),
    ),
    Rule(
        rx(
            r"\b(?:wanna|want\s+to)\s+(?:meet(?:\s+up)?|hang\s+out|grab\s+(?:a\s+)?(?:coffee|drink|"
            r"lunch|bite)|get\s+(?:coffee|a\s+drink|together)|come\s+over)\b"
        ),
        OFF_PLATFORM,
        directive=True,
        question=True,
        keys=("wanna", "want"),
    ),
    Rule(
        rx(
            r"\bi\s+(?:can|could|will|'ll)\s+(?:come\s+(?:over|to\s+you|to\s+your)|pick\s+you\s+up|"
            r"visit\s+you|drive\s+to\s+you)\b"
        ),
        OFF_PLATFORM,
        keys=("come", "pick", "visit", "drive"),
    ),
    Rule(
        rx(
            r"\b(?:talk|chat|continue)\s+(?:this\s+)?(?:offline|off\s+here|off\s+(?:the\s+)?"
            r"(?:site|app|platform)|somewhere\s+else|elsewhere)\b"
        ),
        OFF_PLATFORM,
        keys=("offline", "off", "elsewhere", "somewhere"),
    ),
    Rule(
        rx(
            r"\b(?:add|follow|find)\s+me\s+on\s+" + _PLATFORM + r"(?=\W|$)"
            r"|\b(?:reach|contact|find|message|write\s+to|get\s+hold\s+of)\s+me\s+(?:at|on|via)\s+"
            r"(?=[\w.+-]+@|\+?\(?\d)"
        ),
        OFF_PLATFORM,
        directive=True,
        keys=("add", "follow", "find", "reach", "contact", "message", "write", "hold"),
    ),
    Rule(
        rx(
            r"\bmy\s+(?:snap(?:chat)?|insta(?:gram)?|ig|whats\s*app|discord|telegram|kik|tiktok|"
            r"number|phone\s+number|cell|mobile|e-?mail|handle|socials)\s+(?:is|:)"
            r"(?=\s*(?:@|\+?\(?\d|[\w.-]*[._\d@#][\w.@#-]*))"
        ),
        OFF_PLATFORM,
        keys=("my",),
    ),
)

_EN = Lexicon(
    rules=_EN_RULES,
    contact_me=rx(
        r"\b(?P<verb>dm|pm|message|msg|text|call|ring|e-?mail|mail|hit|contact|reach|ping|snap|"
        r"whats\s*app|face\s*time|skype|inbox|write)\s+me(?:\s+up)?"
        r"(?:\s+(?:on|at|via|over|through|in)\s+(?P<platform>" + _PLATFORM + r"))?(?=\W|$)"
    ),
    direct_contact_verbs=frozenset(
        {"text", "call", "ring", "email", "e-mail", "mail", "snap", "whatsapp", "facetime", "skype"}
    ),
    call_sense=rx(
        r"(?:\s+(?:back|anytime|any\s+time|if|when|whenever|tonight|tomorrow|later|sometime|"
        r"on|at|now|asap|please|pls)\b|\s*(?:[.!?,;]|$))"
    ),
    snap_idiom=rx(r"\s+(?:out|back)\b"),
    contact_lead=rx(r"(?:feel\s+free\s+to|you\s+can|you\s+could|can\s+you|could\s+you|just)\s*$"),
    optional=rx(
        r"\b(?:if\s+(?:you|u)(?:'re|\s+are|'d|\s+would|\s+want|\s+feel|\s+need|\s+ever|\s+can|"
        r"\s+like|\s+wish)|only\s+if|when(?:ever)?\s+(?:you|u)(?:'re|\s+are)\s+ready|no\s+pressure|"
        r"if\s+it\s+helps|only\s+(?:what|as\s+much)|no\s+need\s+to|(?:you|u)\s+don't\s+have\s+to|"
        r"in\s+your\s+own\s+time|at\s+your\s+own\s+pace|whenever\s+you)\b"
    ),
    messages={
        SHARE: "They shared what felt right to share. Letting them decide how much to say "
        "respects their boundaries.",
        OFF_PLATFORM: "Meeting up or moving to another app can put people at risk. Keeping the "
        "conversation here keeps you both safe.",
        ASK_CONTACT: "Asking for contact details or where someone lives can feel like pressure. "
        "Keeping the conversation here keeps you both safe.",
    },
    suggestions={
        SHARE: "share only what feels okay, I'm here either way",
        OFF_PLATFORM: "I'm glad to keep talking here",
        ASK_CONTACT: "I'm glad to keep talking here",
    },
)

LEXICONS: dict[str, Lexicon] = {"en": _EN}

_SPACES = re.compile(r"\s+")


def find(scan: TextScan, *, mode: str, context: Context, locale: str = "en") -> list[Finding]:
    lx = LEXICONS.get(locale)
    if lx is None:
        return []
    text = scan.text
    out: list[Finding] = []

    def skip(start: int) -> bool:
        return scan.in_quote(start) or scan.is_reported(start)

    def add(start: int, end: int, group: str) -> None:
        end = trim_end(text, start, end)
        out.append(
            finding(
                KIND,
                start,
                end,
                lx.messages[group],
                match_case(lx.suggestions[group], text[start:end]),
            )
        )

    for rule in lx.rules:
        if not scan.has_any(rule.keys):
            continue
        for m in rule.pattern.iter(scan):
            start, end = m.start(), m.end()
            if skip(start):
                continue
            if rule.question and not scan.ends_with_question(start):
                continue
            if rule.directive:
                lead = directive_start(scan, start, locale)
                if lead is None:
                    continue
                start = lead
            if rule.group == SHARE:
                sentence = text[scan.sentence_start(start) : scan.sentence_end(end)]
                if lx.optional.search(sentence) or scan.is_negated(start):
                    continue
            if rule.to_clause_end:
                end = scan.span_end(start, end)
                if text.startswith("?", end):
                    end += 1
            add(start, end, rule.group)

    for m in lx.contact_me.iter(scan):
        start = m.start()
        verb = _SPACES.sub("", m.group("verb").lower())
        if m.group("platform") is None:
            if verb not in lx.direct_contact_verbs:
                continue
            if verb in {"call", "ring"} and not lx.call_sense.at(scan, m.end()):
                continue
            if verb == "snap" and lx.snap_idiom.at(scan, m.end()):
                continue
        if skip(start) or scan.is_negated(start):
            continue
        # "People text me for help" is a story; "text me" and "feel free to text me" ask.
        lead = directive_start(scan, start, locale)
        if lead is None:
            prefix = scan.local_prefix(start)
            invitation = lx.contact_lead.search(prefix)
            if invitation is None:
                continue
            lead = start - len(prefix) + invitation.start()
        add(lead, m.end(), OFF_PLATFORM)
    return out
