"""Judgment: judging, minimizing or dismissing what someone feels.

Catches:
- dismissing, when said as a directive: "just get over it", "move on", "let it go", "snap
  out of it", "pull yourself together", "suck it up", "man up", "cheer up", "calm down",
  "stop whining", "stop feeling sorry for yourself", "think positive", "who cares";
- invalidating: "you're overreacting", "you're being dramatic", "you're too sensitive",
  "stop being so dramatic", "it's all in your head", "you're making it up";
- minimizing, in a reply: "at least you have a job", "at least it wasn't worse", "it could be
  worse", "others have it worse", "it's not a big deal", "it's not that bad", "first world
  problems", "count your blessings", "look on the bright side", "everything happens for a
  reason", "plenty of fish", "it's just a phase";
- labels: "you're pathetic", "you're so selfish", "what's wrong with you", "shame on you",
  "you should be ashamed of yourself".

Leaves alone: negations ("you're not overreacting", "I don't think it's a big deal"),
"at least" that counts ("I slept at least 6 hours", "at least twice a week") or comforts
("at least you reached out", "at least you have us"), first-person talk ("I need to get over
it", "I know others have it worse"), reported and quoted words ("people tell me to just get
over it"), reflective questions ("do you feel like you're overreacting?"), naming someone's
own self-talk ("it's okay if you feel like you're a burden"), "it's not a big deal to ask for
help".

Misses: minimizing without these phrases ("lots of people lose jobs"), sarcasm, judgment of
choices rather than feelings ("that was a dumb move"), and most comparisons spelled out at
length.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerhaven.coach.findings._base import Rx, TextScan, finding, is_directive, match_case, rx
from peerhaven.coach.types import Context, Finding

KIND = "judgment"

DISMISS = "dismiss"
INVALIDATE = "invalidate"
MINIMIZE = "minimize"
LABEL = "label"


@dataclass(frozen=True)
class Rule:
    pattern: Rx
    group: str
    suggestion: str
    # Only as a directive ("just get over it"), not in "I need to get over it".
    directive: bool = False
    # Only in replies (a person's own post may put their pain in perspective).
    reply_only: bool = False
    # Skip when the clause before it is about the writer ("I know others have it worse").
    not_first_person: bool = False
    # Run to the end of the clause ("at least you have a job").
    to_clause_end: bool = False
    # Words one of which must occur for the rule to be worth running.
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    at_least: Rx
    at_least_kind: Rx
    at_least_third: Rx
    at_least_suggestion: str
    self_talk: Rx
    # Openers that acknowledge the other person ("I hear you, but…"); what follows them is
    # still said to that person.
    acknowledgment: Rx
    messages: dict[str, str]


_JUST = r"\b(?:just\s+)?"
_TAKE_TIME = "take the time you need"
_IT_MATTERS = "I can tell this really matters to you"
_FEELINGS = "your feelings make sense"
_HARD = "that sounds really hard"
_OKAY_TO_FEEL = "it's okay to feel how you feel"
_SORRY = "I'm sorry this is happening"
_DIFFERENT = "I see this differently"
_YOU_ARE = r"\b(?:you|u)(?:'re|\s+are|re|\s+r)\s+"
_COULD_BE_WORSE = (
    r"could(?:\s+always|\s+still)?\s+(?:be|have\s+been|'ve\s+been|of\s+been)\s+"
    r"(?:(?:a\s+lot|much|way|so\s+much|far|even)\s+)?worse\b"
)

_EN_RULES = (
    # --- dismissing (directives) ---
    Rule(
        rx(
            _JUST + r"(?:get\s+over\s+(?:it|yourself|him|her|them|this|that)|move\s+on(?!\s+to\b)|"
            r"let\s+(?:it|this|that)\s+go|(?:snap|get)\s+out\s+of\s+it|pull\s+yourself\s+together|"
            r"get\s+a\s+grip|suck\s+it\s+up|deal\s+with\s+it|get\s+past\s+it|shake\s+it\s+off)\b"
        ),
        DISMISS,
        _TAKE_TIME,
        directive=True,
        keys=("over", "move", "let", "out", "together", "grip", "suck", "deal", "past", "shake"),
    ),
    Rule(
        rx(_JUST + r"(?:(?:man|toughen|harden|buck)\s+up|grow\s+a\s+pair|grow\s+some\s+balls)\b"),
        DISMISS,
        "it takes strength to share this",
        directive=True,
        keys=("man", "toughen", "harden", "buck", "grow"),
    ),
    Rule(
        rx(
            _JUST + r"(?:(?:cheer|lighten)\s+up|(?:think|be)\s+(?:more\s+)?positive(?:ly)?|"
            r"stay\s+positive(?=\s*(?:[.!,]|$)))\b"
        ),
        DISMISS,
        "it's okay not to be okay",
        directive=True,
        keys=("cheer", "lighten", "positive", "positively"),
    ),
    Rule(rx(r"\bgood\s+vibes\s+only\b"), DISMISS, "it's okay not to be okay", keys=("vibes",)),
    Rule(
        rx(
            _JUST + r"(?:calm\s+down|(?:relax|chill(?:\s+out)?)(?=\s*(?:[.!?]|$|lol|dude|man|"
            r"bro|mate|already)))"
        ),
        DISMISS,
        _IT_MATTERS,
        directive=True,
        keys=("calm", "relax", "chill"),
    ),
    Rule(
        rx(
            r"\b(?:stop|quit)\s+(?:whining|moaning|complaining|crying|sulking|wallowing|"
            r"feeling\s+sorry\s+for\s+yourself|making\s+excuses|playing\s+the\s+victim|"
            r"being\s+a\s+victim)\b"
        ),
        DISMISS,
        "it's okay to let it out",
        directive=True,
        keys=("stop", "quit"),
    ),
    Rule(
        rx(r"\b(?:get\s+a\s+life|grow\s+up)\b"),
        DISMISS,
        _DIFFERENT,
        directive=True,
        keys=("life", "grow"),
    ),
    Rule(
        rx(r"\bwho\s+cares\b(?=\s*(?:[.!?,]|$|lol|tbh|honestly|anyway|really))"),
        DISMISS,
        "I can see why this matters to you",
        reply_only=True,
        directive=True,
        keys=("cares",),
    ),
    Rule(
        rx(r"\b(?:(?:big\s+)?(?:boys|men)\s+don't\s+cry|real\s+men\s+don't\s+(?:cry|complain))\b"),
        DISMISS,
        "it takes strength to share this",
        keys=("cry", "complain"),
    ),
    # --- invalidating ---
    Rule(
        rx(
            _YOU_ARE + r"(?:(?:just|being|so|totally|really|literally|clearly|obviously|such|"
            r"kinda|kind\s+of|a\s+bit|way|completely|massively|seriously)\s+)*"
            r"(?:over-?reacting|overthinking(?:\s+(?:it|this|things))?|exaggerating|dramatic|"
            r"melodramatic|hysterical|irrational|paranoid|a\s+drama\s+queen|"
            r"(?:just\s+)?(?:looking\s+for|seeking)\s+attention|attention[-\s]seeking|"
            r"making\s+(?:a\s+)?(?:big\s+deal|mountain|fuss|drama|scene)(?:\s+(?:out\s+)?of\s+"
            r"(?:nothing|it|this))?|making\s+(?:it|this|that|things|everything)\s+(?:up|about\s+"
            r"you)|imagining\s+(?:it|things|this))\b"
        ),
        INVALIDATE,
        _FEELINGS,
        keys=(
            "overreacting",
            "over",
            "overthinking",
            "exaggerating",
            "dramatic",
            "melodramatic",
            "hysterical",
            "irrational",
            "paranoid",
            "drama",
            "attention",
            "making",
            "imagining",
        ),
    ),
    Rule(
        rx(
            _YOU_ARE + r"(?:being\s+)?(?:(?:way|far|so|too|overly|a\s+bit|a\s+little|much)\s+)+"
            r"(?:too\s+)?(?:sensitive|emotional|dramatic|touchy|fragile|soft)\b"
        ),
        INVALIDATE,
        _FEELINGS,
        keys=("sensitive", "emotional", "dramatic", "touchy", "fragile", "soft"),
    ),
    Rule(
        rx(
            r"\bstop\s+(?:being|acting)\s+(?:so\s+|such\s+a\s+|a\s+|like\s+a\s+)?(?:dramatic|"
            r"sensitive|"
            r"emotional|negative|baby|crybaby|drama\s+queen|paranoid|hysterical|pathetic|weak|lazy|"
            r"selfish|victim|ridiculous|silly|childish)\b"
        ),
        INVALIDATE,
        _FEELINGS,
        directive=True,
        keys=("stop",),
    ),
    Rule(
        rx(r"\bstop\s+making\s+(?:such\s+)?(?:a\s+)?(?:big\s+deal|fuss|drama|scene|mountain)\b"),
        INVALIDATE,
        _FEELINGS,
        directive=True,
        keys=("stop",),
    ),
    Rule(
        rx(
            r"\b(?:it(?:'s|\s+is)|that(?:'s|\s+is)|this\s+is)\s+(?:(?:all|just|only|probably)\s+)*"
            r"in\s+your\s+head\b"
        ),
        INVALIDATE,
        "what you're feeling is real",
        keys=("head",),
    ),
    Rule(
        rx(r"\b(?:a\s+)?mountain\s+out\s+of\s+a\s+molehill\b"),
        INVALIDATE,
        _FEELINGS,
        not_first_person=True,
        keys=("molehill",),
    ),
    # --- minimizing (replies) ---
    Rule(
        rx(r"\b(?:it|things|this|that|life)\s+" + _COULD_BE_WORSE + r"|\b" + _COULD_BE_WORSE),
        MINIMIZE,
        _HARD,
        reply_only=True,
        not_first_person=True,
        keys=("worse",),
    ),
    Rule(
        rx(
            r"\b(?:(?:other|some|many|lots\s+of|plenty\s+of|most|a\s+lot\s+of)\s+people|people|"
            r"others|some\s+folks)\s+(?:have|had|got|'ve\s+got)\s+it\s+(?:(?:a\s+lot|much|way|"
            r"so\s+much|far|"
            r"even)\s+)?(?:worse|harder|tougher)\b"
            r"|\b(?:(?:other|some|many|lots\s+of|plenty\s+of|most)\s+people|others)\s+(?:are|"
            r"were)\s+"
            r"(?:(?:a\s+lot|much|way|far|even)\s+)?(?:worse\s+off|going\s+through\s+worse|"
            r"dealing\s+with\s+worse)\b"
            r"|\bthere\s+are\s+(?:people|others|kids|children|those|folks)\s+(?:out\s+there\s+)?"
            r"(?:who\s+(?:have|had)\s+it|who\s+are|going\s+through|dealing\s+with|with|in)\s+"
            r"(?:(?:a\s+lot|much|way|far|even|so\s+much)\s+)?(?:worse|harder)\b"
        ),
        MINIMIZE,
        "what you're going through matters",
        reply_only=True,
        not_first_person=True,
        keys=("worse", "harder", "tougher"),
    ),
    Rule(
        rx(
            r"\b(?:it|that|this)(?:'s|\s+is|\s+was)\s+(?:really\s+|honestly\s+|seriously\s+)?"
            r"(?:not|no)\s+(?:(?:a|that|such\s+a|that\s+big\s+of\s+a|that\s+much\s+of\s+a)\s+)?"
            r"big\s+deal\b(?!\s+(?:to|if|that|when|for\s+you\s+to|at\s+all\s+to))"
            r"|\b(?:it|that|this)\s+(?:isn't|wasn't)\s+(?:(?:a|that|such\s+a|"
            r"that\s+big\s+of\s+a)\s+)?"
            r"big\s+deal\b(?!\s+(?:to|if|that|when|for\s+you\s+to))"
            r"|\b(?:it|that|this)(?:'s|\s+is|\s+was)\s+(?:really\s+|honestly\s+)?not\s+"
            r"(?:that|so)\s+(?:bad|serious|big|deep)\b(?!\s+(?:to|if|of\s+a|for\s+you\s+to))"
            r"|\b(?:it|that)(?:'s|\s+is|\s+was)\s+(?:just\s+|only\s+)?nothing\b"
            r"(?=\s*(?:[.!,?]|$|really|honestly|lol|compared|dude|man))"
        ),
        MINIMIZE,
        "I can tell this matters to you",
        reply_only=True,
        not_first_person=True,
        keys=("deal", "bad", "serious", "big", "deep", "nothing"),
    ),
    Rule(
        rx(r"\bfirst[-\s]world\s+problems?\b"),
        MINIMIZE,
        "that sounds frustrating",
        reply_only=True,
        not_first_person=True,
        keys=("world",),
    ),
    Rule(
        rx(
            r"\b(?:you\s+should\s+(?:just\s+|really\s+)?be\s+(?:more\s+)?(?:grateful|thankful)|"
            r"be\s+(?:more\s+)?(?:grateful|thankful)\s+(?:for\s+what\s+you\s+(?:have|got)|"
            r"that\s+you|"
            r"you\s+have)|count\s+your\s+blessings|look\s+(?:on|at)\s+the\s+bright\s+side|"
            r"focus\s+on\s+the\s+(?:positives?|good\s+things))\b"
        ),
        MINIMIZE,
        _OKAY_TO_FEEL,
        reply_only=True,
        not_first_person=True,
        to_clause_end=True,
        keys=("grateful", "thankful", "blessings", "bright", "positive", "positives", "good"),
    ),
    Rule(
        rx(
            r"\b(?:everything|things|it\s+all)\s+happens?\s+for\s+a\s+reason\b"
            r"|\b(?:god|the\s+universe)\s+(?:never|won't|doesn't|will\s+never|only)\s+gives?\s+"
            r"(?:you|us)\s+(?:more\s+than|what)\s+(?:you|we)\s+can\s+(?:handle|bear)\b"
            r"|\btime\s+heals\s+(?:all\s+wounds|everything)\b"
        ),
        MINIMIZE,
        _SORRY,
        reply_only=True,
        not_first_person=True,
        keys=("reason", "handle", "bear", "heals"),
    ),
    Rule(
        rx(
            r"\b(?:(?:there(?:'s|\s+are|\s+is)\s+)?plenty\s+(?:more|"
            r"of\s+other)\s+fish(?:\s+in\s+the\s+"
            r"sea)?|other\s+fish\s+in\s+the\s+sea|you(?:'ll|\s+will)\s+find\s+someone\s+"
            r"(?:else|better|new))\b"
        ),
        MINIMIZE,
        "I'm sorry, losing someone really hurts",
        reply_only=True,
        keys=("fish", "someone"),
    ),
    Rule(
        rx(
            r"\b(?:it's|that's|it\s+is|that\s+is)\s+(?:just|only)\s+a\s+(?:phase|breakup|job|dog|"
            r"cat|"
            r"pet|game|test|exam|grade|crush)\b"
            r"|\byou(?:'ll|\s+will)\s+(?:get\s+over\s+(?:it|him|her|them)|forget\s+(?:about\s+)?"
            r"(?:it|him|her|them)|be\s+over\s+(?:it|him|her))\b"
        ),
        MINIMIZE,
        "this clearly matters to you",
        reply_only=True,
        keys=("just", "only", "ll", "will"),
    ),
    # --- labels ---
    Rule(
        rx(
            _YOU_ARE + r"(?:(?:so|such|being|just|really|literally|totally|acting\s+like|"
            r"a\s+total|a\s+complete|the\s+most|a\s+big|an?)\s+)*(?:pathetic|weak|lazy|stupid|dumb|"
            r"idiot|moron|loser|crybaby|baby|coward|useless|worthless|attention[-\s]seeker|"
            r"snowflake|hypocrite|joke|failure|disgrace|disgusting|ridiculous|selfish|spoiled|"
            r"spoilt|entitled|ungrateful|immature|childish|self-absorbed|self-cent(?:er|re)d|"
            r"burden|annoying|toxic|manipulative|freak|drama\s+queen)\b"
        ),
        LABEL,
        _DIFFERENT,
        keys=(
            "pathetic",
            "weak",
            "lazy",
            "stupid",
            "dumb",
            "idiot",
            "moron",
            "loser",
            "crybaby",
            "baby",
            "coward",
            "useless",
            "worthless",
            "attention",
            "seeker",
            "snowflake",
            "hypocrite",
            "joke",
            "failure",
            "disgrace",
            "disgusting",
            "ridiculous",
            "selfish",
            "spoiled",
            "spoilt",
            "entitled",
            "ungrateful",
            "immature",
            "childish",
            "self",
            "burden",
            "annoying",
            "toxic",
            "manipulative",
            "freak",
            "drama",
        ),
    ),
    Rule(
        rx(r"\bwhat(?:'s|\s+is)\s+wrong\s+with\s+you\b"),
        LABEL,
        "what's going on for you",
        keys=("wrong",),
    ),
    Rule(
        rx(
            r"\bshame\s+on\s+you\b|\byou\s+should\s+(?:really\s+)?(?:be|feel)\s+(?:so\s+|"
            r"really\s+)?"
            r"(?:ashamed|bad|guilty)(?:\s+of\s+yourself)?\b"
            r"|\bthat(?:'s|\s+is|\s+was)\s+(?:so\s+|really\s+)?(?:pathetic|stupid|dumb|ridiculous|"
            r"selfish|childish)\s+of\s+you\b"
        ),
        LABEL,
        _DIFFERENT,
        keys=(
            "shame",
            "ashamed",
            "bad",
            "guilty",
            "pathetic",
            "stupid",
            "dumb",
            "ridiculous",
            "selfish",
            "childish",
        ),
    ),
)

_EN = Lexicon(
    rules=_EN_RULES,
    at_least=rx(
        r"\bat\s+least\s+(?=(?:you|your|you're|youre|you've|you'll|u|he|she|they|it|that|this|"
        r"nobody|no\s+one|there)\b)"
    ),
    # "At least" that comforts rather than minimizes.
    at_least_kind=rx(
        r"(?:you|u)(?:'re|\s+are|'ve|\s+have)?\s+(?:(?:still|now|finally|both|already)\s+)?"
        r"(?:tried|reached\s+out|asked|know|told|said|spoke\s+up|safe|here|talking|aware|honest|"
        r"trying|got\s+(?:it\s+out|through|help|out)|made\s+it|did\s+(?:your\s+best|what\s+you\s+"
        r"could|something)|survived|not\s+alone|alive|okay|ok|getting\s+help|out\s+(?:of\s+there|"
        r"now)|away\s+from)\b"
        r"|(?:you|u)\s+(?:have|'ve\s+got|got)\s+(?:us|me|each\s+other|this\s+(?:group|place|"
        r"community)|people\s+who|support|someone|a\s+plan|help)\b"
    ),
    # Third-person "at least" that minimizes a loss or harm.
    at_least_third=rx(
        r"(?:he|she|they)(?:'s|'re|\s+is|\s+are|\s+was|\s+were)?\s+(?:in\s+a\s+better\s+place|"
        r"not\s+(?:suffering|in\s+pain)|at\s+peace|no\s+longer|didn't|never|lived|had)\b"
        r"|(?:it|that|this)(?:'s|\s+is|\s+was)\s+(?:not|only|just|over)\b"
        r"|(?:it|that|this)\s+(?:wasn't|isn't|didn't)\b"
        r"|(?:nobody|no\s+one)\s+(?:got|was|died)\b"
        r"|there(?:'s|\s+is|\s+are)\s+(?:still|always|other|plenty)\b"
    ),
    at_least_suggestion=_HARD,
    acknowledgment=rx(
        r"^(?:\s*(?:i\s+(?:hear|get|understand|see|feel)\s+you|i\s+get\s+it|i\s+understand|"
        r"i(?:'m|\s+am)\s+(?:so\s+)?sorry(?:\s+(?:to\s+hear\s+(?:that|this)|for\s+your\s+loss))?|"
        r"i\s+see)[\s,.!;:]*(?:but|and)?)+"
    ),
    # Naming someone's own thoughts about themselves, not judging them.
    self_talk=rx(
        r"(?:you|u)(?:\s+\w+)?\s+(?:feel|felt|think|thought|believe|worry|fear|tell\s+yourself|"
        r"call\s+yourself|are\s+afraid|'re\s+afraid|might\s+feel|may\s+feel|wonder)"
        r"|(?:feels?|felt|feeling|seems?)\s+like|(?:doesn't|does\s+not|don't|won't)\s+(?:make|mean)"
        r"|(?:okay|ok|normal|natural|understandable|human)\s+to\s+(?:feel|think|worry)"
        r"|\b(?:anxiety|depression)\b|(?:your|the)\s+(?:brain|mind|inner\s+critic|voice)"
    ),
    messages={
        DISMISS: "Telling someone to get past it can leave them feeling rushed or unheard. "
        "Letting their feelings be shows you're with them.",
        INVALIDATE: "Calling a reaction too much can leave someone feeling unheard. Their "
        "feelings make sense to them.",
        MINIMIZE: "Comparing, or looking for a bright side, can make someone's pain seem smaller "
        "than it is. Naming what you hear helps them feel understood.",
        LABEL: "Labels about a person can hurt. Talking about what happened, not who they are, "
        "keeps the conversation open.",
    },
)

LEXICONS: dict[str, Lexicon] = {"en": _EN}

_SECOND_PERSON = rx(r"(?:you|your|u)\b")
_FIRST_PERSON = rx(r"\b(?:i|i'm|im|i've|i'll|i'd|me|my|myself|we|we're|we've|us|our)\b")


def find(scan: TextScan, *, mode: str, context: Context, locale: str = "en") -> list[Finding]:
    lexicon = LEXICONS.get(locale)
    if lexicon is None:
        return []
    text = scan.text
    reply = mode == "reply"
    out: list[Finding] = []

    def usable(start: int) -> bool:
        return not (
            scan.in_quote(start) or scan.is_reported(start) or scan.is_reflective_question(start)
        )

    for rule in lexicon.rules:
        # In a person's own post, directives are mostly their own story ("…but move on").
        if ((rule.reply_only or rule.directive) and not reply) or not scan.has_any(rule.keys):
            continue
        for m in rule.pattern.iter(scan):
            start, end = m.start(), m.end()
            if not usable(start):
                continue
            if rule.directive:
                if not is_directive(scan, start, locale):
                    continue
            elif scan.is_negated(start):
                continue
            if rule.not_first_person and _about_the_writer(scan, start, lexicon):
                continue
            if rule.group in (LABEL, INVALIDATE) and lexicon.self_talk.search(
                scan.sentence_prefix(start)
            ):
                continue
            if rule.to_clause_end:
                end = scan.span_end(start, end)
            out.append(
                finding(
                    KIND,
                    start,
                    end,
                    lexicon.messages[rule.group],
                    match_case(rule.suggestion, text[start:end]),
                )
            )

    if reply and scan.has_any(("least",)):
        for m in lexicon.at_least.iter(scan):
            start, rest_at = m.start(), m.end()
            if not usable(start) or scan.is_negated(start):
                continue
            if lexicon.at_least_kind.at(scan, rest_at):
                continue
            second_person = _SECOND_PERSON.at(scan, rest_at) is not None
            if not second_person and (
                lexicon.at_least_third.at(scan, rest_at) is None
                or not is_directive(scan, start, locale)
            ):
                continue
            end = scan.span_end(start, _next_word_end(text, rest_at))
            out.append(
                finding(
                    KIND,
                    start,
                    end,
                    lexicon.messages[MINIMIZE],
                    match_case(lexicon.at_least_suggestion, text[start:end]),
                )
            )
    return out


def _about_the_writer(scan: TextScan, pos: int, lexicon: Lexicon) -> bool:
    """The sentence before pos speaks of the writer ("I know others have it worse, but…"),
    leaving aside openers that acknowledge the other person ("I hear you, but…")."""
    prefix = scan.sentence_prefix(pos)
    opener = lexicon.acknowledgment.match(prefix)
    if opener is not None:
        prefix = prefix[opener.end() :]
    return _FIRST_PERSON.search(prefix) is not None


def _next_word_end(text: str, pos: int) -> int:
    end = pos
    while end < len(text) and (text[end].isalnum() or text[end] in "'’"):
        end += 1
    return max(end, pos)
