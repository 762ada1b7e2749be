"""Blame: accusing "you" statements, which an I-statement says more gently.

Catches:
- absolutes about someone's behaviour: "you always interrupt me", "you never listen",
  "you keep ignoring me", "why can't you ever call", when the verb is one of hurt or neglect;
- "you make me feel worthless", "you made me so angry", "you make me want to scream";
- fault: "it's your fault", "it's all your own fault", "you're to blame", "that's on you",
  "you brought this on yourself", "you asked for it";
- "you ruined everything", "you destroyed my…", "you don't care about me", "you don't listen",
  "you only care about yourself", "you're the reason I'm miserable", "you let me down",
  "you lied to me", "you hurt me".

Leaves alone: kind uses of the same words ("you always know what to say", "you never fail to
make me smile", "you make me feel so welcome", "you never let me down"), negations
("it's not your fault", "none of this is your fault"), generic "you" ("when you're depressed
you never want to get up"), reported and quoted words, and questions about feelings.

Misses: blame without "you" ("some people only think of themselves"), past-tense absolutes
with irregular verbs outside the lists, sarcasm ("thanks a lot for nothing"), and blame spread
over several sentences.

The suggestion is an I-statement: "I feel hurt when you interrupt me", "I feel worthless when
this happens", "I felt let down".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peerhaven.coach.findings._base import Rx, TextScan, finding, match_case, rx
from peerhaven.coach.types import Context, Finding

KIND = "blame"


@dataclass(frozen=True)
class Lexicon:
    absolute: Rx
    # "Why do you always…", matched backwards from "you".
    why_end: Rx
    always_negative: Rx
    never_negative: Rx
    make_me: Rx
    negative_state: Rx
    state_verbs: frozenset[str]
    fault: Rx
    victim_blame: Rx
    ruined: Rx
    dont_care: Rx
    reason: Rx
    past_acts: Rx
    generic_you: Rx
    past_acts_suggestions: tuple[tuple[Rx, str], ...]
    dont_care_suggestions: dict[str, str]
    message: str
    feel_when: str
    feel_when_keep: str
    feel_when_not: str
    feel_when_fallback: str
    state_when: str
    state_when_past: str
    verb_when: str
    fault_suggestion: str
    victim_suggestion: str
    ruined_suggestion: str
    reason_suggestion: str


_YOU = r"(?:you|u)"
_SOFT = r"(?:\s+(?:literally|just|seriously|honestly|really|still|clearly|obviously))*"

_EN = Lexicon(
    absolute=rx(
        r"\b"
        + _YOU
        + _SOFT
        + r"\s+(?P<adv>always|constantly|continually|forever|keep|never|ever)\s+"
        r"(?:(?:even|ever|once|actually|just|have\s+to|got\s+to|gotta|seem\s+to|manage\s+to|"
        r"want\s+to|try\s+to|need\s+to)\s+)?(?P<verb>\w+(?:'\w+)?)"
    ),
    why_end=rx(r"(?<![\w'’])why\s+(?:do|does|did|must|can't|cant|won't|wont|would|don't|dont)\s+$"),
    always_negative=rx(
        r"(?:ignor\w*|interrupt\w*|critici[sz]\w*|blam\w*|yell\w*|shout\w*|scream\w*|lie\b|lying|"
        r"lied|complain\w*|cancel\w*|dismiss\w*|belittl\w*|mock\w*|attack\w*|ruin\w*|nag\w*|"
        r"guilt\w*|manipulat\w*|accus\w*|control\w*|compar(?:e|ing)\s+me|embarrass\w*|"
        r"humiliat\w*|insult\w*|snap\w*\s+at|storm\w*\s+off|ghost\w*|avoid\w*|overreact\w*|"
        r"exaggerat\w*|disappear\w*|bail\w*|flake\w*|whin\w*|bull(?:y|ies|ying)|contradict\w*|"
        r"undermin\w*|patroni[sz]\w*|twist\w*|brush\w*\s+(?:me|it|this)\s+off|blow\w*\s+up|"
        r"shut\w*\s+(?:me\s+out|down)|forget\w*|forgot|leav\w*\s+(?:me|us|early|without)|"
        r"pick\w*\s+(?:on|fights?)|start\w*\s+(?:fights?|arguments?|drama)|"
        r"put\w*\s+(?:yourself\s+first|me\s+(?:last|down|second))|"
        r"tak\w*\s+(?:(?:their|his|her|everyone's|other\s+people's)\s+side|it\s+out\s+on)|"
        r"turn\w*\s+(?:it|this|everything|things)\s+(?:around|into|on\s+me)|act\w*\s+like|"
        r"assum\w*|bring\w*\s+(?:it|that|this)\s+up|"
        r"get\w*\s+(?:so\s+)?(?:angry|mad|defensive|upset|drunk|annoyed|nasty)|"
        r"make\w*\s+(?:it|everything|this|things)\s+(?:about\s+you|worse|harder|difficult)|"
        r"do\w*\s+(?:this|that|it\s+again)\b|"
        r"say\w*\s+(?:that|this|the\s+same|stuff\s+like|things\s+like|no)\b|"
        r"think\w*\s+(?:you(?:'re|\s+are)\s+(?:right|better|smarter)|(?:only\s+)?(?:about\s+)?"
        r"yourself)|want\w*\s+(?:everything|things\s+your\s+way|to\s+be\s+right)|"
        r"win\b|be\s+right|have\s+the\s+last\s+word|choos\w*\s+(?:them|him|her|work|your)|"
        r"go\w*\s+(?:quiet|silent|off\s+on|back\s+on)|walk\w*\s+(?:away|out|off)|"
        r"talk\w*\s+(?:over|down\s+to|about\s+yourself)|laugh\w*\s+at|judg\w*\s+me|push\w*\s+me|"
        r"pressur\w*|run\w*\s+(?:away|late|off)|late\b|show\w*\s+up\s+late|use\w*\s+me|"
        r"hurt\w*\s+me|mess\w*\s+(?:it|things|this|everything)\s+up|"
        r"screw\w*\s+(?:it|things|this|everything|up)|break\w*\s+(?:your\s+)?promises)"
    ),
    never_negative=rx(
        r"(?:listen\w*|help\w*(?!\s+(?:but|me\s+smile))|care\w*(?!\s+what\s+(?:people|others|"
        r"anyone))|"
        r"call\w*|text\w*|repl(?:y|ied|ies)|answer\w*|ask\w*\s+(?:me|how|about|what|if)|"
        r"support\w*|show\w*\s+up|apologi[sz]\w*|let\s+me\s+(?!down)|"
        r"think\w*\s+(?:about\s+(?:me|anyone|us|others|how)|of\s+(?:me|anyone|us|others))|"
        r"consider\w*|understand\w*|say\w*\s+(?:sorry|thank|anything\s+nice|you're\s+sorry|"
        r"you\s+love)|try\b|tried\b|do\w*\s+(?:anything|your\s+share|what\s+you\s+say|your\s+part)|"
        r"have\s+(?:time|a\s+(?:minute|second|moment))|pay\w*\s+attention|admit\w*|notice\w*|"
        r"believ\w*\s+me|tak\w*\s+(?:responsibility|my\s+side|me\s+seriously)|"
        r"come\w*\s+(?:home|back|over|on\s+time)|visit\w*|remember\w*|appreciat\w*|thank\w*|"
        r"respect\w*|trust\w*\s+me|include\w*|invit\w*|tell\w*\s+me|back\w*\s+me\s+up|"
        r"stand\w*\s+up\s+for|give\w*\s+me\s+(?:a\s+chance|space|credit|time|a\s+break)|"
        r"make\w*\s+time|clean\w*|hear\w*\s+me|acknowledg\w*|valu\w*\s+me|mean\w*\s+it|"
        r"own\w*\s+up|keep\w*\s+(?:your\s+)?(?:promises|your\s+word)|follow\w*\s+through|"
        r"check\w*\s+(?:in|on\s+me)|put\w*\s+me\s+first|stick\w*\s+up\s+for|defend\w*\s+me|"
        r"spend\w*\s+time|want\w*\s+to\s+(?:spend|hang|talk|see\s+me|do\s+anything))"
    ),
    make_me=rx(
        r"\b"
        + _YOU
        + r"(?:\s+(?:always|really|seriously|honestly|just|literally|constantly|still|even))*\s+"
        r"(?P<verb>make|made|are\s+making|'re\s+making|keep\s+making|have\s+made|"
        r"'ve\s+made)\s+me\s+"
    ),
    negative_state=rx(
        r"(?:feel\s+)?(?:(?:so|really|very|more|even|such|a\s+bit|kinda|totally|completely|"
        r"absolutely|extremely|incredibly|fucking|freaking)\s+)*"
        r"(?:sick|angry|mad|furious|sad|miserable|crazy|insane|worthless|useless|stupid|dumb|small|"
        r"bad|terrible|awful|horrible|guilty|ashamed|anxious|nervous|scared|afraid|unsafe|"
        r"uncomfortable|invisible|unwanted|unloved|alone|lonely|isolated|upset|frustrated|hurt|"
        r"depressed|jealous|insecure|paranoid|exhausted|drained|hopeless|helpless|pathetic|ugly|"
        r"fat|unworthy|disgusting|disgusted|embarrassed|humiliated|defensive|inadequate|"
        r"overwhelmed|stressed|irritated|annoyed|pissed|livid|trapped|ignored|unheard|unimportant|"
        r"like\s+(?:a\s+(?:burden|failure|joke|child|kid|idiot|fool|loser|nobody|piece)|"
        r"an\s+(?:idiot|afterthought|option)|nothing|garbage|trash|shit|dirt|crap|"
        r"i'm\s+(?:crazy|stupid|nothing|worthless|going\s+crazy|the\s+problem|wrong)|"
        r"im\s+(?:crazy|stupid|nothing|worthless)|i\s+(?:don't\s+matter|am\s+(?:crazy|stupid|"
        r"nothing)))|"
        r"hate\s+(?:myself|you|my|everything|life)|"
        r"want\s+to\s+(?:scream|die|leave|give\s+up|disappear|hit|punch|quit|run)|"
        r"lose\s+(?:my\s+mind|my\s+temper|it|hope)|doubt\s+(?:myself|everything)|"
        r"question\s+(?:myself|my|everything)|second-guess\w*|regret|resent|"
        r"go\s+(?:crazy|insane|nuts))\b"
    ),
    state_verbs=frozenset(
        {"hate", "want", "lose", "doubt", "question", "second-guess", "regret", "resent", "go"}
    ),
    fault=rx(
        r"\b(?:it(?:'s|\s+is|\s+was)|this\s+is|that(?:'s|\s+is|\s+was)|everything\s+is|"
        r"all\s+(?:of\s+)?this\s+is)\s+(?:(?:all|entirely|totally|completely|100%|literally|"
        r"really|just)\s+)*your\s+(?:own\s+)?fault\b"
        r"|\b" + _YOU + r"(?:'re|\s+are)\s+(?:(?:the\s+one|entirely|totally|completely|solely|"
        r"really)\s+)?to\s+blame\b"
        r"|\b(?:this|that|it)(?:'s|\s+is)\s+(?:all\s+)?on\s+you\b(?!\s+to\b)"
    ),
    victim_blame=rx(
        r"\b"
        + _YOU
        + r"\s+(?:(?:really|totally|kind\s+of|kinda|basically)\s+)?(?:brought\s+(?:this|it)\s+on\s+"
        r"yourself|asked\s+for\s+it|had\s+it\s+coming)\b"
    ),
    ruined=rx(
        r"\b" + _YOU + r"(?:\s+(?:just|totally|completely|literally|always|have|'ve|really|"
        r"basically))*\s+(?:ruined|ruin|wrecked|destroyed|screwed\s+up|messed\s+up|fucked\s+up|"
        r"broke|spoiled|spoilt|sabotaged|poisoned)\s+(?:everything|it\b|this|that|my|our|things|"
        r"us\b|me\b|christmas|everyone's)"
    ),
    dont_care=rx(
        r"\b" + _YOU + r"(?:\s+(?:clearly|obviously|just|really|honestly|literally))*\s+"
        r"(?:don't|dont|do\s+not|didn't|did\s+not)\s+(?:(?:even|really|actually|ever)\s+)*"
        r"(?P<v>care|listen|respect|appreciate|give\s+a\s+(?:shit|damn|crap|fuck))\b"
        r"(?=\s*(?:[.!?,;]|$|about\s+(?:me|us|anyone|my|our|how\s+i|what\s+i|anything|anybody)|"
        r"what\s+i|how\s+i|to\s+(?:me|us|anyone|what|a\s+word)|at\s+all|anymore|one\s+bit|enough|"
        r"me\b|us\b|when))"
        r"|\b" + _YOU + r"\s+only\s+(?:ever\s+)?(?P<only>care|think)\s+about\s+(?:yourself|you\b|"
        r"your)"
    ),
    reason=rx(
        r"\b" + _YOU + r"(?:'re|\s+are)\s+the\s+(?:(?:only|whole|entire|main)\s+)?reason\s+"
        r"(?:(?:why|that)\s+)?(?=(?:i(?:'m|\s+am)\s+(?:so\s+)?(?:sad|upset|angry|miserable|"
        r"depressed|stressed|anxious|like\s+this|hurting|in\s+(?:pain|this\s+mess)|unhappy|"
        r"broken|a\s+mess)|(?:i|we)\s+(?:can't|cannot|couldn't|lost|failed|broke\s+up|fight|"
        r"argue|have\s+no)|(?:all\s+)?(?:this|everything)\s+(?:is|went|fell)\s+(?:wrong|bad|"
        r"ruined|apart)|(?:this|it)\s+(?:all\s+)?went\s+wrong))"
    ),
    past_acts=rx(
        r"\b" + _YOU + r"(?:\s+(?:really|totally|completely|just|always|have|'ve|seriously))*\s+"
        r"(?:hurt\s+(?:me|my\s+feelings)|let\s+me\s+down|abandoned\s+me|betrayed\s+(?:me|"
        r"my\s+trust)|"
        r"used\s+me|lied\s+to\s+me|left\s+me\s+(?:alone|behind|hanging|out)|embarrassed\s+me|"
        r"humiliated\s+me|disrespected\s+me|gaslit\s+me|gaslighted\s+me|ghosted\s+me|ignored\s+me|"
        r"blew\s+me\s+off|cheated\s+on\s+me|broke\s+my\s+(?:heart|trust)|did\s+this\s+to\s+me)\b"
    ),
    generic_you=rx(
        r"\b(?:when|if|once|whenever|as\s+soon\s+as|until|unless|the\s+more|anyone|someone|"
        r"people|sometimes)\s+(?:you|u)\b"
    ),
    past_acts_suggestions=(
        (rx(r"hurt"), "I felt hurt"),
        (rx(r"let\s+me\s+down"), "I felt let down"),
        (rx(r"abandoned"), "I felt abandoned"),
        (rx(r"betrayed|cheated|broke\s+my\s+trust"), "I felt betrayed"),
        (rx(r"used\s+me"), "I felt used"),
        (rx(r"lied"), "I felt hurt when I found out"),
        (rx(r"left\s+me"), "I felt left out"),
        (rx(r"embarrassed"), "I felt embarrassed"),
        (rx(r"humiliated"), "I felt humiliated"),
        (rx(r"disrespected"), "I felt disrespected"),
        (rx(r"gasl"), "I started doubting myself"),
        (rx(r"ghosted|blew\s+me\s+off"), "I felt brushed off"),
        (rx(r"ignored"), "I felt ignored"),
        (rx(r"broke\s+my\s+heart"), "I felt heartbroken"),
        (rx(r"did\s+this"), "I'm hurting because of what happened"),
    ),
    dont_care_suggestions={
        "care": "I don't feel cared about right now",
        "listen": "I don't feel heard",
        "respect": "I don't feel respected",
        "appreciate": "I don't feel appreciated",
        "give": "I don't feel cared about right now",
        "think": "I'd like my needs to count too",
    },
    message="This can sound like an accusation. Saying how you feel, and when, helps the other "
    "person hear you.",
    feel_when="I feel hurt when you {}",
    feel_when_keep="I feel hurt when you keep {}",
    feel_when_not="I feel hurt when you don't {}",
    feel_when_fallback="I feel hurt when this happens",
    state_when="I feel {} when this happens",
    state_when_past="I felt {} when that happened",
    verb_when="I {} when this happens",
    fault_suggestion="I'm hurting, and I'd like us to talk about what happened",
    victim_suggestion="nobody deserves this",
    ruined_suggestion="I'm upset about what happened",
    reason_suggestion="I'm hurting right now",
)

LEXICONS: dict[str, Lexicon] = {"en": _EN}

# Words one of which must occur for a pattern to be worth running.
_KEYS: dict[str, tuple[str, ...]] = {
    "fault": ("fault", "blame", "on"),
    "victim": ("brought", "asked", "coming"),
    "ruined": (
        "ruined",
        "ruin",
        "wrecked",
        "destroyed",
        "screwed",
        "messed",
        "fucked",
        "broke",
        "spoiled",
        "spoilt",
        "sabotaged",
        "poisoned",
    ),
    "past": (
        "hurt",
        "let",
        "abandoned",
        "betrayed",
        "used",
        "lied",
        "left",
        "embarrassed",
        "humiliated",
        "disrespected",
        "gaslit",
        "gaslighted",
        "ghosted",
        "ignored",
        "blew",
        "cheated",
        "broke",
        "did",
    ),
}

_NEGATED_WHY = re.compile(r"n['’ʼ]t|nt\b|not", re.IGNORECASE)
_PAST = re.compile(r"(?:made|'ve\s+made|have\s+made|’ve\s+made)$", re.IGNORECASE)


def find(scan: TextScan, *, mode: str, context: Context, locale: str = "en") -> list[Finding]:
    lx = LEXICONS.get(locale)
    if lx is None:
        return []
    text = scan.text
    out: list[Finding] = []

    def usable(start: int) -> bool:
        if scan.in_quote(start) or scan.is_reported(start) or scan.is_negated(start):
            return False
        if scan.is_reflective_question(start):
            return False
        return (
            lx.generic_you.search(scan.sentence_prefix(start) + " " + text[start : start + 8])
            is None
        )

    def add(start: int, end: int, suggestion: str) -> None:
        out.append(finding(KIND, start, end, lx.message, match_case(suggestion, text[start:end])))

    absolute_keys = ("always", "constantly", "continually", "forever", "keep", "never", "ever")
    for m in lx.absolute.iter(scan) if scan.has_any(absolute_keys) else ():
        adv = m.group("adv").lower()
        start = m.start()
        why_match = lx.why_end.search(text[max(0, start - 24) : start])
        why = why_match.group(0) if why_match else None
        if adv == "ever" and not (why and _NEGATED_WHY.search(why)):
            continue
        verb_start = m.start("verb")
        never = adv in {"never", "ever"}
        if not (lx.never_negative if never else lx.always_negative).at(scan, verb_start):
            continue
        if why:
            start -= len(why)
        if not usable(start):
            continue
        end = scan.span_end(start, m.end())
        if why and text.startswith("?", end):
            end += 1
        phrase = text[verb_start:end].rstrip(" ?!.")
        verb = m.group("verb").lower()
        if never:
            past = verb.endswith("ed") or verb in {"tried", "said", "did", "came", "gave", "took"}
            suggestion = lx.feel_when_fallback if past else lx.feel_when_not.format(phrase)
        elif adv == "keep":
            suggestion = lx.feel_when_keep.format(phrase)
        else:
            suggestion = lx.feel_when.format(phrase)
        add(start, end, suggestion)

    for m in lx.make_me.iter(scan) if scan.has_any(("make", "made", "making")) else ():
        state = lx.negative_state.at(scan, m.end())
        if state is None or not usable(m.start()):
            continue
        end = scan.span_end(m.start(), state.end())
        phrase = text[m.end() : end].rstrip(" ?!.")
        if phrase.lower().startswith("feel "):
            phrase = phrase[5:]
        first = phrase.split(" ", 1)[0].lower()
        past = _PAST.search(m.group("verb")) is not None
        if first in lx.state_verbs:
            suggestion = (
                lx.verb_when.format(phrase) if not past else lx.state_when_past.format("awful")
            )
        else:
            suggestion = (lx.state_when_past if past else lx.state_when).format(phrase)
        add(m.start(), end, suggestion)

    for pattern, kind in ((lx.fault, "fault"), (lx.victim_blame, "victim"), (lx.ruined, "ruined")):
        if not scan.has_any(_KEYS[kind]):
            continue
        for m in pattern.iter(scan):
            if not usable(m.start()):
                continue
            end = m.end() if kind != "ruined" else scan.span_end(m.start(), m.end())
            if kind == "victim" or (kind == "fault" and "own" in m.group(0).lower()):
                suggestion = lx.victim_suggestion
            elif kind == "fault":
                suggestion = lx.fault_suggestion
            else:
                suggestion = lx.ruined_suggestion
            add(m.start(), end, suggestion)

    care_keys = ("care", "listen", "respect", "appreciate", "give", "only")
    for m in lx.dont_care.iter(scan) if scan.has_any(care_keys) else ():
        if not usable(m.start()):
            continue
        verb = "think" if m.group("only") else (m.group("v") or "care").lower().split()[0]
        end = scan.span_end(m.start(), m.end())
        add(m.start(), end, lx.dont_care_suggestions.get(verb, lx.dont_care_suggestions["care"]))

    for m in lx.reason.iter(scan) if scan.has_any(("reason",)) else ():
        if not usable(m.start()):
            continue
        add(m.start(), scan.span_end(m.start(), m.end()), lx.reason_suggestion)

    for m in lx.past_acts.iter(scan) if scan.has_any(_KEYS["past"]) else ():
        if not usable(m.start()):
            continue
        words = m.group(0)
        suggestion = next(
            (s for p, s in lx.past_acts_suggestions if p.search(words)), lx.feel_when_fallback
        )
        add(m.start(), m.end(), suggestion)

    return out
