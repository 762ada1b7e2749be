"""Unsolicited advice: directives in a reply to someone who asked to be listened to.

Catches, in a reply (mode "reply") to a post whose author chose "just listen" or "share
experiences", or stated no preference:
- modal advice: "you should…", "you need to…", "you have to…", "you could try…",
  "you might want to…", "you'd better…", with lead-ins such as "I think" or "maybe";
- questions that carry advice: "have you tried…", "have you considered…", "why don't you…",
  "why not go…", "how about trying…";
- recommendations: "I'd suggest…", "my advice is…", "if I were you…", "it might help to…",
  "make sure you…", "all you need to do is…", "you need a break";
- imperatives that open a sentence or clause, from a lexicon of advice verbs with the
  objects that make them advice ("Go for a run", "Try journaling", "Talk to someone",
  "Just ignore him", "Don't text him").

Leaves alone: a person's own post, replies to posts that welcome advice, advice about
oneself ("I should…"), offers that ask first ("would you like ideas?"), reported speech
("my doctor said I should…"), quoted text, praise shaped like advice ("you should be proud
of yourself", "you should know you're not alone" — these affirm, they don't direct),
reassurance ("you shouldn't have to deal with this", "you shouldn't feel guilty",
"you don't have to explain"), empathy ("you must be exhausted"), well-wishes ("Take
care", "Get well soon", "Take your time"), encouragement ("Don't give up", "Hang in
there") and self-compassion ("Be gentle with yourself"); a general or conditional "you"
("if you need to talk, I'm here", "how much you have to do"); "you can…" that informs rather
than suggests; and bare verbs that continue a sentence about the writer ("I sleep eight
hours, eat well, drink water").

Misses: advice phrased as a statement of fact ("Exercise really helps with this"), imperatives
with verbs or objects outside the lexicon, an imperative after a clause about the writer
("I've been there, try to rest"), advice in a "you can…" that merely informs, and sarcasm.

The suggestion turns the advice into shared experience ("what helped me was to go for a
run"), flipping "your" to "my"; where that would not read well it offers a short opener
instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peerhaven.coach.findings._base import Rx, TextScan, finding, match_case, rx
from peerhaven.coach.types import Context, Finding

KIND = "unsolicited_advice"
# Preferences under which advice is unsolicited; None (not stated) counts as just_listen.
UNSOLICITED = frozenset({None, "just_listen", "share_experiences"})


@dataclass(frozen=True)
class Rules:
    modal: Rx
    # Lead-ins that belong to the advice ("I think you should…"), matched backwards.
    leadin_end: Rx
    generic_before: Rx
    question: tuple[tuple[str, Rx, tuple[str, ...]], ...]
    recommend: tuple[tuple[str, Rx, tuple[str, ...]], ...]
    # Words one of which must occur for the pattern above to be worth running.
    modal_keys: tuple[str, ...]
    opener: Rx
    follows: dict[str, Rx]
    positive_exclude: Rx
    negative_exclude: Rx
    offer_exclude: Rx
    disclaimed: Rx
    acknowledgment: Rx
    first_person: Rx
    action_lead: Rx
    second_person: Rx
    flips: tuple[tuple[Rx, str], ...]
    advice_verbs: frozenset[str]
    messages: dict[str | None, str]
    fallbacks: dict[str | None, str]
    experience_bare: str
    experience_bare_negative: str
    experience_noun: str


# --- English ------------------------------------------------------------------------------

# Imperative advice verbs and what must follow them for the sentence to be advice.
# "Take care", "Get well soon", "Talk to you later", "Tell me more" do not qualify.
_OBJ = r"(?:him|her|them|your|that|the|this|those|these|his|their)"
_IMPERATIVE: dict[str, str] = {
    "go": r"\s+(?:for\s+(?:a\s+)?(?:walk|run|jog|swim|drive|hike|bike\s+ride|coffee)s?\b"
    r"|out(?:side)?\b"
    r"|to\s+(?:bed|sleep|therapy|the\s+(?:doctor|gym|gp|er|hospital|police|park)|a\s+(?:doctor|"
    r"therapist|meeting|support\s+group|counsel+or)|your\s+(?:doctor|gp|therapist))"
    r"|see\s+(?:a|your|someone|somebody)\b|talk\s+to\b|back\s+to\s+(?:therapy|your|the)\b"
    r"|no\s+contact\b|get\s+(?:some|a|help|checked)\b|easy\s+on\s+(?:him|her|them)\b)",
    "try": r"\s+(?!as\s+i\b|me\b|it\s+out\s+here)\w",
    "get": r"\s+(?!well\b|it\b|me\b|that\b|this\b|what\b|why\b|how\b|through\s+this\b)(?:some|a|"
    r"an|the|your|more|out|outside|help|professional|therapy|rid|enough|back|off|away|"
    r"moving|checked|tested|yourself|into|up|him|her|them|in\s+touch|involved|"
    r"organi[sz]ed|plenty|on\b|over\s+to)\b",
    "take": r"\s+(?!care\b|(?:all\s+)?(?:the|your)\s+time\b|a\s+bow\b|it\s+from\s+me\b|that\b|"
    r"me\b|us\b)"
    r"\w",
    "talk": r"\s+(?:to|with)\s+(?:someone|somebody|a|an|your|him|her|them|people|the|hr|friends?|"
    r"family)\b",
    "speak": r"\s+(?:to|with)\s+(?:someone|somebody|a|an|your|him|her|them|people|the|hr)\b",
    "call": r"\s+(?:a|your|the|someone|somebody|him|her|them|911|999|112|988|samaritans)\b",
    "text": r"\s+(?:him|her|them|someone|somebody|a\s+friend|your)\b",
    "see": r"\s+(?:a|your|an)\s+(?:doctor|therapist|counsel+or|gp|psychiatrist|psychologist|"
    r"professional|specialist|dr)\b",
    "stop": r"\s+(?!being\b|feeling\s+sorry\b|whining\b|complaining\b|crying\b|moaning\b"
    r"|sulking\b|hiding\b|making\s+excuses\b|taking\s+(?:your|the|those|these)\b)"
    r"(?:\w+ing\b|talking\s+to|seeing)",
    "quit": r"\s+(?!whining\b|complaining\b|moaning\b|crying\b|making\s+excuses\b)"
    r"(?:your|that|the|\w+ing\b)",
    "leave": r"\s+(?:him|her|them|your|that|the|this|now|asap|immediately)\b",
    "dump": r"\s+" + _OBJ + r"\b",
    "break": r"\s+(?:up\s+with|(?:things\s+)?off\s+with)\b",
    "block": r"\s+" + _OBJ + r"\b",
    "ignore": r"\s+(?:him|her|them|it|the|those|that|what|people|everyone|haters)\b",
    "avoid": r"\s+\w",
    "drink": r"\s+(?:some|more|less|water|tea|chamomile|plenty)\b",
    "eat": r"\s+(?:something|more|less|better|healthy|healthier|some|a|breakfast|regularly|well)\b",
    "exercise": r"\s+(?:more|daily|regularly|every|a\s+bit)\b",
    "meditate": r"(?=\s*(?:[.!,]|$|daily|every|more|before))",
    "journal": r"\s+(?:about|it|your|every|daily|before)\b",
    "write": r"\s+(?:it|down|a|them|him|her|about|your|everything|out)\b",
    "read": r"\s+(?:a|the|some|about|up\s+on)\b",
    "walk": r"\s+(?:away|it\s+off|more|outside|the\s+dog|out)\b",
    "join": r"\s+(?:a|the|some|an)\b",
    "find": r"\s+(?:a|an|someone|somebody|something|another|new|ways?|time|help|support|people|"
    r"your\s+people|what)\b",
    "look": r"\s+(?:into|for\s+(?:a|another|some|help|support|groups?|ways?|someone)|up\s+\w)",
    "download": r"\s+\w",
    "focus": r"\s+on\b",
    "consider": r"\s+\w",
    "reach": r"\s+out\b",
    "ask": r"\s+(?!me\b|us\b|away\b|anything\b)\w",
    "make": r"\s+(?:a\s+(?:list|plan|schedule|routine|appointment)|time|sure|plans|"
    r"an\s+appointment|some\s+(?:friends|time|changes))\b",
    "do": r"\s+(?:some|something|yoga|what|whatever|more|less|things|stuff|it)\b",
    "put": r"\s+(?:your|the|yourself|down|away|him|her|them)\b",
    "cut": r"\s+(?:him|her|them|off|out|back|down|ties)\b",
    "move": r"\s+(?:out|away|in\s+with|to|house|cities|forward|schools)\b",
    "change": r"\s+(?:your|jobs|the|schools|careers|therapists?)\b",
    "start": r"\s+(?:\w+ing|a|an|to|with|small|therapy|over|fresh|slow|by)\b",
    "set": r"\s+(?:a|some|boundaries|an|up|goals|limits|reminders|alarms?|aside)\b",
    "limit": r"\s+\w",
    "schedule": r"\s+(?:a|an|some|time)\b",
    "sleep": r"\s+(?:more|on\s+it|early|earlier|in|at|before)\b",
    "tell": r"\s+(?:him|her|them|your|someone|somebody|a|the|people|yourself)\b",
    "give": r"\s+(?:it\s+(?:time|a\s+(?:try|go|shot|chance))|meditation|therapy|yoga|him|her|"
    r"them)\b",
    "use": r"\s+(?:a|an|the|some|apps?|headspace|calm)\b",
    "listen": r"\s+to\s+(?:music|some|a|podcasts?|your\s+(?:body|gut)|calming)\b",
    "watch": r"\s+(?:a|some|something)\b",
    "buy": r"\s+(?:a|some|yourself)\b",
    "apply": r"\s+(?:for|to)\b",
    "distract": r"\s+yourself\b",
    "invest": r"\s+in\b",
    "confront": r"\s+\w",
    "report": r"\s+(?:him|her|them|it|this|the)\b",
    "switch": r"\s+(?:to|jobs|therapists?|off)\b",
    "delete": r"\s+(?:the|your|his|her|their|that|it|social|instagram|facebook|tiktok)\b",
    "unfollow": r"\s+\w",
    "practice": r"\s+(?:\w+ing|mindfulness|self|gratitude|deep|yoga)\b",
    "practise": r"\s+(?:\w+ing|mindfulness|self|gratitude|deep|yoga)\b",
    "spend": r"\s+(?:some|more|less|time)\b",
    "visit": r"\s+(?:a|your|the)\b",
    "hire": r"\s+(?:a|an)\b",
    "be": r"\s+(?:yourself|honest|more\s+\w+|direct|assertive|careful)\b",
    "don't": r"\s+(?!worry\b|give\s+up\b|be\s+(?:so\s+|too\s+)?(?:hard|sorry|ashamed|afraid|"
    r"a\s+stranger|shy)\b|blame\s+yourself\b|feel\s+(?:bad|guilty|ashamed|sorry|like)\b|"
    r"apologi[sz]e\b|hesitate\b|stop\b|lose\s+hope\b|forget\s+(?:that\s+)?(?:you|we)\b|"
    r"let\s+(?:anyone|them|people|anybody)\s+(?:tell|make)\b|ever\s+think\b|"
    r"suffer\s+in\s+silence\b|have\s+to\b|need\s+to\b|mind\b|know\b|panic\b|rush\b|"
    r"beat\s+yourself\b|put\s+yourself\s+down\b|compare\s+yourself\b|doubt\s+yourself\b|"
    r"you\b|we\b|i\b|it\b|think\b|get\s+me\s+wrong\b|listen\s+to\s+(?:them|anyone|people|"
    r"those|the\s+haters)\b"
    r"|want\b|wanna\b|have\b|care\b|feel\b|really\b|even\b|like\b|be\s+surprised\b"
    r"|get\s+(?:it|why|me|how|what)\b"
    r"|\w+\s+(?:me|us|my)\b|ask\b(?=\s*(?:[)\-–—.!,?]|why\b|$)))\w",
    "keep": r"\s+(?:a\s+(?:journal|diary|log|record|list|note|routine)|an?\s+eye|track|busy|notes|"
    r"in\s+mind(?!\s+(?:that\s+)?(?:i|i'm|i've|my)\b)|it\s+simple|your\s+(?:distance|phone|door)|"
    r"records?)\b",
    "stay": r"\s+(?:away|off|home|out\s+of|busy|hydrated|active|in\s+(?:bed|touch)|"
    r"with\s+(?:friends|family|someone))\b",
    "choose": r"\s+(?:a|an|the|your|what|whatever|something|someone|one|topics|questions)\b",
    "forgive": r"\s+(?:him|her|them|your|the)\b",
    "save": r"\s+(?:up|some|money|the|your|a|every|them|it|messages|voicemails|screenshots|"
    r"evidence)\b",
    "install": r"\s+\w",
    "answer": r"\s+(?:questions|the|his|her|their|honestly)\b",
    "embrace": r"\s+(?:it|the|your|this|change)\b",
    "accept": r"\s+(?:that|the|his|her|their|it|what)\b",
    "plan": r"\s+(?:a|an|some|ahead|something|your|out)\b",
    "prepare": r"\s+(?:a|an|some|for|yourself|your)\b",
    "record": r"\s+(?:everything|the|it|him|her|them|conversations)\b",
    "document": r"\s+(?:everything|it|the|all)\b",
    "stick": r"\s+(?:to|with)\b",
    "wait": r"\s+(?:until|till|a|for|and|it\s+out)\b",
    "check": r"\s+(?:out|with|if|whether|your|the|in\s+with)\b",
    "research": r"\s+\w",
    "sign": r"\s+up\b",
    "enroll": r"\s+(?:in|him|her|them)\b",
    "volunteer": r"\s+(?:at|for|somewhere|with)\b",
    "adopt": r"\s+(?:a|an)\b",
    "explain": r"\s+(?:to|that|how|why|your)\b",
    "hang": r"\s+out\s+with\b",
    "lock": r"\s+(?:the|your|up)\b",
    "remove": r"\s+(?:yourself|the|him|her|them|it|any)\b",
    "pick": r"\s+(?:up\s+a|a|one|something|your)\b",
    "let": r"\s+(?:him|her|them)\s+(?:go|know|deal|handle|figure|be)\b",
    "show": r"\s+(?:him|her|them)\b",
    "have": r"\s+(?:him|her|them)\s+\w",
}
# Verbs that only count as advice after "just" ("Just be yourself").
_AFTER_JUST_ONLY = frozenset({"be"})

# Verbs that make "you could…", "you must…", "why not…" advice.
_ADVICE_VERBS = frozenset(
    set(_IMPERATIVE) - {"don't", "be", "have", "let", "show", "answer"}
    | {
        "rest",
        "relax",
        "breathe",
        "stretch",
        "seek",
        "book",
        "research",
        "google",
        "check",
        "contact",
        "message",
        "email",
        "vent",
        "let",
        "allow",
        "forgive",
        "accept",
        "remind",
        "stay",
        "keep",
        "stick",
        "wait",
        "draw",
        "paint",
        "pick",
        "choose",
        "decide",
        "plan",
        "prepare",
        "organize",
        "organise",
        "clean",
        "tidy",
        "declutter",
        "travel",
        "volunteer",
        "adopt",
        "hang",
        "sign",
        "enroll",
        "enrol",
        "register",
        "come",
        "date",
        "divorce",
        "forget",
        "save",
        "budget",
        "treat",
        "think",
        "always",
        "also",
        "just",
        "maybe",
        "perhaps",
        "want",
        "wanna",
        "seriously",
        "definitely",
        "really",
        "probably",
        "start",
        "attend",
        "learn",
        "remove",
        "open",
        "write",
        "lower",
        "raise",
        "increase",
    }  # fmt: skip
)

_ADVERBS = (
    r"(?:\s+(?:really|just|definitely|def|seriously|honestly|absolutely|probably|prob|totally|"
    r"still|also|maybe|truly|kinda|simply|then|first|now|all|both|guys|two|honestly|at\s+least))*"
)
_LEADIN = (
    r"(?:(?:i\s+(?:really\s+|honestly\s+|do\s+|personally\s+|still\s+)?(?:think|"
    r"feel\s+like|believe|"
    r"reckon|guess|feel)|i(?:'d|\s+would)\s+say|maybe|perhaps|honestly|personally|imo|imho|tbh|"
    r"seriously|so)[\s,]+)*"
)
_MODAL = (
    r"\b(?P<subj>(?:you|u|ya)(?:\s+(?:guys|all|two))?)"
    r"(?P<modal>'ve\s+got\s+to|\s+have\s+got\s+to|'d\s+better|\s+had\s+better|"
    + _ADVERBS
    + r"\s+(?:should(?!'ve|\s+have\b|\s+of\b)|shouldn't|should\s+not|shouldnt|need\s+to|"
    r"needs\s+to|have\s+to|gotta|must|ought\s+to|oughta|better|could|can|might|may))"
    r"(?P<adv>" + _ADVERBS + r")\s+(?P<action>\w+(?:'\w+)?)"
)
# Questions that carry advice, each with the words one of which must occur.
_QUESTION: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "tried",
        r"(?:have|did)\s+(?:you|u)\s+(?:ever\s+|already\s+|even\s+)?(?:tried|try)\s+"
        r"(?!to\s+(?:tell|talk\s+to|explain\s+to)\s+(?:me|us)\b)",
        ("tried", "try"),
    ),
    (
        "considered",
        r"have\s+(?:you|u)\s+(?:ever\s+)?(?:considered(?!\s+(?:that|how|what|whether|why|if)\b)|"
        r"looked\s+into|thought\s+(?:about|of)"
        r"(?=\s+(?:\w+ing|therapy|counsel\w*|medication|meds|a|an|some)\b))\s+",
        ("considered", "looked", "thought"),
    ),
    (
        "why",
        r"why\s+(?:don't|dont|do\s+not|wouldn't|not)\s+(?:you\s+|u\s+)?"
        r"(?:just\s+|try\s+(?:and\s+|to\s+))?",
        ("why",),
    ),
    ("about", r"(?:how|what)\s+about\s+(?=\w+ing\b)", ("about",)),
)
# Recommendations, each with the words one of which must occur for it to be worth running.
_RECOMMEND: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "suggest",
        r"i(?:'d|\s+would)?\s+(?:(?:really|strongly|highly|definitely|totally|also|just|honestly)"
        r"\s+)*(?:suggest|recommend|advise)(?:\s+(?:that\s+)?(?:you|u)\b)?(?:\s+to\b)?",
        ("suggest", "recommend", "advise"),
    ),
    (
        "myadvice",
        r"my\s+(?:(?:only|best|honest|one|main|biggest)\s+)?(?:advice|suggestion|recommendation|"
        r"tip)(?:\s+(?:is|would\s+be)|:)(?:\s+(?:to|that\s+you|you\s+should))?",
        ("advice", "suggestion", "recommendation", "tip"),
    ),
    (
        "bestthing",
        r"(?:(?:the\s+)?best\s+(?:thing|way|bet)\s+(?:you\s+can\s+do\s+|to\s+do\s+)?"
        r"(?:is|would\s+be)(?:\s+to)?|your\s+best\s+bet\s+is(?:\s+to)?)",
        ("best",),
    ),
    (
        "allyouneed",
        r"(?:what\s+you\s+(?:need|should|have|gotta|must)\s+(?:to\s+)?do\s+is(?:\s+to)?"
        r"|all\s+you\s+(?:need|have|gotta)\s+(?:to\s+)?do\s+is(?:\s+to)?)",
        ("do",),
    ),
    (
        "itsbest",
        r"it(?:'s|\s+is|\s+would\s+be|\s+might\s+be|'d\s+be|\s+may\s+be)\s+(?:best|better|"
        r"important|a\s+good\s+idea|wise|smart|worth\s+it)\s+to",
        ("best", "better", "important", "idea", "wise", "smart", "worth"),
    ),
    (
        "itsbest",
        r"it\s+(?:might|may|would|could|will|can)\s+(?:really\s+|also\s+)?help\s+(?:to|if\s+you)",
        ("help",),
    ),
    ("makesure", r"(?:make|be)\s+sure\s+(?:to|you|that\s+you)", ("sure",)),
    ("itsbest", r"don't\s+forget\s+to", ("forget",)),
    ("itsbest", r"it's\s+(?:about\s+)?time\s+(?:for\s+you\s+to|you)", ("time",)),
    (
        "ifiwere",
        r"(?:if\s+i\s+(?:were|was)\s+you|in\s+your\s+(?:shoes|position|place|situation))"
        r"[\s,]+(?:i(?:'d|\s+would)|i'll)(?:\s+(?:just|probably|definitely|honestly))*",
        ("were", "was", "shoes", "position", "place", "situation"),
    ),
    ("betteroff", r"you(?:'d|\s+would)\s+be\s+better\s+off", ("off",)),
    (
        "needa",
        r"you\s+(?:really\s+|just\s+|probably\s+)*need(?=\s+(?:a|some|more)\s+(?:break|rest|"
        r"sleep|vacation|holiday|therapist|hobby|new\s+job|walk|change|distraction|boundaries|"
        r"time\s+off|fresh\s+air|exercise)\b)",
        ("need",),
    ),
)
# What may precede a clause-opening imperative: discourse words (kept outside the span)
# and softeners that belong to the advice (inside the span).
_DISCOURSE = (
    r"(?:honestly|seriously|tbh|imo|imho|ngl|ok|okay|well|oh|hey|dude|man|mate|bro|sis|"
    r"girl|hun|hon|friend|lol|i\s+mean|but|and|so|then|also|yes|yeah|yep|no|nah|first|second|"
    r"finally|otherwise|instead|anyway|anyways|personally|for\s+now|for\s+starters|"
    r"in\s+the\s+meantime)"
)
_INLINE = r"(?:just|maybe|perhaps|please|pls|plz|really|definitely|simply|def|at\s+least|even)"
# Matched at each clause opening: list marks and quotes, discourse words, softeners, a word.
# The word is then looked up in _IMPERATIVE and its follow pattern checked.
_OPENER = (
    r"(?:[\s\-*•>#\d.)(\"“‘_~]|'){0,8}(?:" + _DISCOURSE + r"[\s,!.:]{1,4}|(?:look|listen)\s*,\s*)*"
    r"(?P<core>(?:" + _INLINE + r"[\s,]+)*)(?P<verb>don't|dont|[a-z]+)\b"
)

# Praise, reassurance and empathy that look like advice.
_POSITIVE_EXCLUDE = (
    r"(?:be\s+(?:(?:so|really|very|super|incredibly|extremely|truly|damn|hella|rightly|rightfully|"
    r"immensely|more|very\s+very)\s+)*(?:proud|fine|ok|okay|alright|all\s+right|good|safe|able|"
    r"allowed|treated|heard|happy\s+with|gentle|kind|easy|patient|ashamed|embarrassed|sorry|"
    r"grateful|thankful|the\s+one|kidding|joking)\b"
    r"|feel\s+(?:(?:so|really|very|super|more)\s+)*(?:proud|good\s+about|better\s+about|free|bad|"
    r"guilty|ashamed|sorry|embarrassed)\b"
    r"|know\s+(?:that\b|this\b|it\b|you\b|you're|youre|how\b|we\b|i\b|there\b|people\b|someone\b|"
    r"somebody\b|everyone\b|we're\b|i'm\b|what\s+you|your\b)"
    r"|hear\s+back|give\s+yourself\s+(?:credit|some\s+credit|a\s+(?:pat|break|hug)|grace|"
    r"permission)"
    r"|celebrate|take\s+(?:it\s+as\s+)?a\s+compliment|treat\s+yourself|not\s+have\s+to|"
    r"never\s+have\s+to|have\s+(?:been|had|seen|known|heard|told|gone|done)\b|'ve\b|"
    r"get\s+(?:a|an|the|your)\s+(?:reply|answer|response|results?|award|medal)\b|"
    r"take\s+(?:(?:all\s+)?the\s+time\s+you\s+need|your\s+time|care)\b|"
    r"admit|understand\s+(?:that|how|why)|laugh|wonder|hand\s+it|give\s+it\s+to|"
    r"hear\s+(?:this|that)\b|"
    r"be\s+(?:so\s+|really\s+|very\s+|pretty\s+)?(?:exhausted|tired|worn|frustrated|scared|"
    r"overwhelmed|hard|tough|rough|awful|heartbroken|devastated|lonely|hurting|confused|angry|"
    r"upset|sad|stressed|going\s+through|feeling|missing|struggling))"
)
# "You shouldn't have to…", "you shouldn't feel guilty": reassurance, not advice.
_NEGATIVE_EXCLUDE = (
    r"(?:have\s+to|feel\b|be\s+(?:ashamed|embarrassed|sorry|(?:so\s+|too\s+)?hard\s+on|treated|"
    r"alone)|blame|apologi[sz]e|hide|need\s+to|worry|care\s+what|listen\s+to\s+(?:them|people|"
    r"anyone|those)|let\s+(?:anyone|them|people|anybody)|put\s+up\s+with|settle|give\s+up|"
    r"suffer|go\s+through|deal\s+with\s+(?:this|it|that)\s+alone|compare\s+yourself|"
    r"doubt\s+yourself|second-guess|downplay|minimi[sz]e|dismiss|take\s+(?:it|this)\s+personally|"
    r"beat\s+yourself|be\s+afraid|be\s+scared|carry\s+this)"
)
# "You can always talk to me": an offer of company, not advice.
_OFFER_EXCLUDE = (
    r"(?:always\s+|also\s+|just\s+)*(?:talk|speak|vent|reach\s+out|come|message|dm|pm|chat|write|"
    r"text|lean|count|rely)(?:\s+\w+)?\s+(?:to|with|on)\s+(?:me|us)\b"
    r"|(?:always\s+|also\s+|just\s+)*(?:message|dm|pm|ask|tell|reach|contact|find|call|text|"
    r"e-?mail|ping|give|send|show|help|let)\s+(?:me|us)\b"
    r"|(?:always\s+|also\s+|just\s+)*(?:come\s+back|post|share)\s+(?:here|again|anytime)\b"
    r"|(?:always\s+|also\s+|just\s+)*take\s+(?:your|all\s+the)\s+time\b"
)
# The writer says they are not giving advice.
_DISCLAIMED = (
    r"\b(?:not\s+(?:saying|telling\s+you|suggesting)|don't\s+(?:mean|want\s+to\s+(?:tell|say))|"
    r"no\s+pressure|not\s+that|wonder(?:ing)?\s+(?:if|whether)|not\s+sure\s+(?:if|whether)|"
    r"should\s+i|do\s+i)\b"
)
# Openers that acknowledge the other person before a suggestion ("I know it's hard, but…").
_ACKNOWLEDGMENT = (
    r"^(?:\s*(?:i\s+(?:hear|get|understand|see|feel)\s+you|i\s+get\s+it|i\s+understand|"
    r"i(?:'m|\s+am)\s+(?:so\s+)?sorry(?:\s+(?:to\s+hear\s+(?:that|this)|you're\s+going\s+"
    r"through\s+this))?|i\s+see|i\s+know\s+(?:it|this|that)(?:'s|\s+is|\s+feels|\s+can\s+be)?\s+"
    r"(?:so\s+|really\s+|very\s+)?(?:hard|tough|difficult|a\s+lot|rough|not\s+easy|scary))"
    r"[\s,.!;:]*(?:but|and|so)?)+"
)
_ACTION_LEAD = (
    r"^(?:(?:just|really|definitely|def|maybe|probably|seriously|honestly|also|totally|simply|"
    r"always|then|first|now|at\s+least|perhaps|kinda)\s+)*"
)

_EN = Rules(
    modal=rx(_MODAL),
    generic_before=rx(
        r"\b(?:when|whenever|if|once|because|cause|cuz|since|as|how|what|where|until|unless|"
        r"before|after|much|than|whether|things)\s+$"
    ),
    leadin_end=rx(r"(?<![\w'’])" + _LEADIN.replace(")*", ")+", 1) + "$"),
    question=tuple(
        (name, rx(r"\b(?P<" + name + ">" + branch + r")(?P<action>\w+(?:'\w+)?)"), keys)
        for name, branch, keys in _QUESTION
    ),
    recommend=tuple(
        (name, rx(r"\b(?P<" + name + ">" + branch + r")\s+(?P<action>\w+(?:'\w+)?)"), keys)
        for name, branch, keys in _RECOMMEND
    ),
    modal_keys=(
        "should",
        "shouldn",
        "shouldnt",
        "need",
        "needs",
        "have",
        "gotta",
        "must",
        "ought",
        "oughta",
        "better",
        "could",
        "can",
        "might",
        "may",
        "got",
    ),
    opener=rx(_OPENER),
    follows={verb.replace("'", ""): rx(follow) for verb, follow in _IMPERATIVE.items()},
    positive_exclude=rx(_POSITIVE_EXCLUDE),
    negative_exclude=rx(_NEGATIVE_EXCLUDE),
    offer_exclude=rx(_OFFER_EXCLUDE),
    disclaimed=rx(_DISCLAIMED),
    acknowledgment=rx(_ACKNOWLEDGMENT),
    first_person=rx(r"\b(?:i|i'm|im|i've|i'll|i'd|me|my|myself|we|we're|we've|us|our)\b"),
    action_lead=rx(_ACTION_LEAD),
    second_person=rx(r"\b(?:you|u|ya|you're|youre|you've|you'll|you'd|yourselves)\b"),
    flips=(
        (rx(r"\byourself\b"), "myself"),
        (rx(r"\byours\b"), "mine"),
        (rx(r"\b(?:your|ur)\b"), "my"),
    ),
    advice_verbs=frozenset(_ADVICE_VERBS),
    messages={
        None: "They didn't ask for advice. If you've been through something like this, sharing "
        "what helped you leaves the choice with them.",
        "just_listen": "They asked to be listened to. If you've been through something like "
        "this, sharing what helped you leaves the choice with them.",
        "share_experiences": "They asked to hear about experiences rather than advice. Sharing "
        "what helped you leaves the choice with them.",
    },
    fallbacks={
        None: "I'm here to listen",
        "just_listen": "I'm here to listen",
        "share_experiences": "when I went through something like this, what helped me was …",
    },
    experience_bare="what helped me was to {}",
    experience_bare_negative="what helped me was not to {}",
    experience_noun="what helped me was {}",
)

RULES: dict[str, Rules] = {"en": _EN}


def applies(*, mode: str, context: Context) -> bool:
    """Advice is only unsolicited in a reply whose post did not welcome it."""
    return mode == "reply" and context.support_preference in UNSOLICITED


def fallback(context: Context, locale: str = "en") -> str:
    rules = RULES.get(locale, _EN)
    return rules.fallbacks.get(context.support_preference, rules.fallbacks[None])


def find(scan: TextScan, *, mode: str, context: Context, locale: str = "en") -> list[Finding]:
    rules = RULES.get(locale)
    if rules is None or not applies(mode=mode, context=context):
        return []
    out: list[Finding] = []
    preference = context.support_preference
    message = rules.messages.get(preference, rules.messages[None])
    text = scan.text

    def add(start: int, action_start: int, form: str, *, negative: bool = False) -> None:
        if scan.in_quote(start) or scan.is_reported(start):
            return
        if rules.disclaimed.search(scan.sentence_prefix(start)):
            return
        end = scan.span_end(start, _word_end(text, action_start))
        if form.endswith("?") and text.startswith("?", _skip_spaces(text, end)):
            end = _skip_spaces(text, end) + 1
        suggestion = _rewrite(rules, text[action_start:end], form.rstrip("?"), negative, context)
        if text[end - 1 : end] == "?" and suggestion[-1:].isalnum():
            suggestion += "."
        out.append(finding(KIND, start, end, message, match_case(suggestion, text[start:end])))

    for m in rules.modal.iter(scan) if scan.has_any(rules.modal_keys) else ():
        modal = " ".join(m.group("modal").lower().split())
        action = m.group("action").lower()
        action_start = m.start("action")
        negative = "not" in modal or "n't" in modal.replace("’", "'") or modal.endswith("shouldnt")
        if negative:
            if rules.negative_exclude.at(scan, action_start):
                continue
        elif rules.positive_exclude.at(scan, action_start):
            continue
        base = modal.split()[-1].lstrip("'’")
        if base in {"could", "can", "might", "may", "must", "better"} and (
            action not in rules.advice_verbs or rules.offer_exclude.at(scan, action_start)
        ):
            continue
        # "You can make contributions for five years" informs; "you can try…" suggests.
        if (base in {"can", "may"} and action not in _AFTER_CAN) or (
            base in {"could", "might"} and action not in _AFTER_COULD
        ):
            continue
        if base in {"could", "can", "might", "may"} and (
            action in {"just", "really", "probably"}
            or _NOTHING.search(scan.clause_prefix(m.start()))
        ):
            continue
        subj = m.start()
        # "How much you have to do", "because you need to be there", "if you need to talk":
        # a general or conditional "you", not advice.
        if rules.generic_before.search(text[max(0, subj - 24) : subj]):
            continue
        lead = rules.leadin_end.search(text[max(0, subj - 48) : subj])
        add(subj - (len(lead.group(0)) if lead else 0), action_start, "bare", negative=negative)

    for name, pattern, keys in rules.question:
        if not scan.has_any(keys):
            continue
        for m in pattern.iter(scan):
            action = m.group("action").lower()
            if name == "why":
                if action not in rules.advice_verbs or action in _NOT_AFTER_WHY:
                    continue
                form = "bare?"
            elif name == "about":
                if not _is_advice_gerund(action, rules.advice_verbs):
                    continue
                form = "noun?"
            else:
                form = "noun?"
            add(m.start(), m.start("action"), form)

    for name, pattern, keys in rules.recommend:
        if not scan.has_any(keys):
            continue
        for m in pattern.iter(scan):
            action = m.group("action").lower()
            action_start = m.start("action")
            if name == "makesure":
                # "I make sure to sleep eight hours" tells the writer's own habit.
                if _SUBJECT_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
                    continue
                form = "bare"
            elif name == "itsbest":
                if _NOT_AFTER_ITS_BEST.match(action):
                    continue
                form = "bare"
            elif name == "suggest":
                head = m.group(name).lower()
                if action in {"this", "it", "that", "them", "him", "her"} and " you" not in head:
                    continue
                form = "bare" if head.rstrip().endswith(("you", "u", "to")) else "noun"
            elif name in {"betteroff", "needa"}:
                form = "noun"
            else:
                form = "bare"
                if rules.positive_exclude.at(scan, action_start):
                    continue
            add(m.start(), action_start, form)

    sentence_starts = {0, *scan.sentences[1]}
    for opening in scan.openings():
        o = rules.opener.at(scan, opening)
        if o is None:
            continue
        verb = _NOT_WORD.sub("", o.group("verb").lower())
        follow = rules.follows.get(verb)
        if follow is None or follow.at(scan, o.end("verb")) is None:
            continue
        # Inside a sentence about the writer, a bare verb continues their story: "I sleep
        # eight hours a day, eat healthy…", "I've tried to leave him alone but try to…".
        if opening not in sentence_starts and _about_the_writer(
            rules, scan.sentence_prefix(o.start("verb"))
        ):
            continue
        verb_start = o.start("verb")
        core = o.group("core")
        if verb in _AFTER_JUST_ONLY and "just" not in core.lower():
            continue
        start = o.start("core") if core else verb_start
        if verb == "dont":
            add(start, _skip_spaces(text, o.end("verb")), "bare", negative=True)
        elif verb == "try":
            add(start, verb_start, "try")
        else:
            add(start, verb_start, "bare")

    return out


def _about_the_writer(rules: Rules, prefix: str) -> bool:
    opener = rules.acknowledgment.match(prefix)
    if opener is not None:
        prefix = prefix[opener.end() :]
    return rules.first_person.search(prefix) is not None


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _word_end(text: str, pos: int) -> int:
    end = pos
    while end < len(text) and (text[end].isalnum() or text[end] in "'’_"):
        end += 1
    return max(end, pos + 1) if pos < len(text) else pos


def _is_advice_gerund(word: str, verbs: frozenset[str]) -> bool:
    if not word.endswith("ing") or len(word) < 5:
        return False
    stem = word[:-3]
    candidates = {stem, stem + "e"}
    if len(stem) > 2 and stem[-1] == stem[-2]:
        candidates.add(stem[:-1])
    if stem.endswith("y"):
        candidates.add(stem[:-1] + "ie")
    return bool(candidates & verbs)


# "Why don't you want to…" asks about them; it doesn't advise.
_NOT_AFTER_WHY = frozenset(
    {
        "want",
        "wanna",
        "think",
        "always",
        "also",
        "just",
        "maybe",
        "perhaps",
        "really",
        "keep",
        "stay",
        "come",
        "let",
        "seriously",
        "definitely",
        "probably",
    }
)

_NOT_WORD = re.compile(r"\W")
_SUBJECT_BEFORE = re.compile(
    r"\b(?:i|we|he|she|they|it|who|people|always|usually|to|and|i'll|i'd)\s+$", re.IGNORECASE
)
_AFTER_CAN = frozenset({"try", "always", "also", "just", "maybe", "perhaps", "consider"})
_AFTER_COULD = _AFTER_CAN | {
    "want", "wanna", "look", "check", "talk", "see", "ask", "reach", "find", "start", "join",
    "write", "speak", "call", "text", "go", "get", "take", "journal", "meditate",
}  # fmt: skip
# "There's nothing you can do" reassures.
_NOTHING = re.compile(r"\b(?:nothing|not\s+much|little|anything)\s*$", re.IGNORECASE)
# "It's important to remember you're not alone" reassures.
_NOT_AFTER_ITS_BEST = re.compile(
    r"(?:me|us|him|her|them|know|remember|note|say|mention|recogni[sz]e|acknowledge|hear)\b"
)
_TRY_TO = re.compile(r"^try\s+(?:and|to)\s+", re.IGNORECASE)
_TRY_NOT = re.compile(r"^try\s+not\s+to\s+", re.IGNORECASE)
_TRY = re.compile(r"^try\s+", re.IGNORECASE)
_WANT_TO = re.compile(r"^(?:want\s+to|wanna|consider|think\s+about)\s+", re.IGNORECASE)


def _rewrite(rules: Rules, action: str, form: str, negative: bool, context: Context) -> str:
    """The advice retold as the writer's own experience, or a short opener when that fails."""
    action = action.rstrip(" ?!.,")
    action = rules.action_lead.sub("", action, count=1)
    if form == "try" or _TRY.match(action):
        if (m := _TRY_NOT.match(action)) is not None:
            action, negative, form = action[m.end() :], True, "bare"
        elif (m := _TRY_TO.match(action)) is not None:
            action, form = action[m.end() :], "bare"
        elif (m := _TRY.match(action)) is not None:
            action, form = action[m.end() :], "noun"
    if (m := _WANT_TO.match(action)) is not None:
        action = action[m.end() :]
        form = "noun" if action.lower().split(" ", 1)[0].endswith("ing") else form
    action = rules.action_lead.sub("", action, count=1)
    for pattern, replacement in rules.flips:
        action = pattern.sub(replacement, action)
    if not action or rules.second_person.search(action):
        return rules.fallbacks.get(context.support_preference, rules.fallbacks[None])
    if action[:1].isupper() and action[1:2].islower():
        action = action[0].lower() + action[1:]
    if form == "noun":
        return rules.experience_noun.format(action)
    if negative:
        return rules.experience_bare_negative.format(action)
    return rules.experience_bare.format(action)
