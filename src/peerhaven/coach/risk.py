"""Crisis-risk screening of a message: level none / concern / urgent, a score and reasons.

English is screened by rules that read who is at risk and when, plus a small linear model
(``model.py``, weights in ``data/risk.json.gz``) for phrasings the rules do not know.
Other locales get a conservative keyword list and ``fallback=True``.

How the English rules decide, per matched phrase (e.g. "want to die", "cut myself"):

- idioms are blanked first ("this traffic is killing me", "dying to see it", "die of
  embarrassment", "cut myself some slack"), so they never match;
- a negation just before the phrase in the same clause drops it ("I would never hurt
  myself", "I'm not suicidal anymore");
- the person: "you"/"yourself" is someone else (a supportive reply or a question such as
  "are you thinking of killing yourself?"); he/she/my brother is a third person; "I", "me",
  "my", or nobody named, is the writer;
- the time: "used to", "years ago", "when I was 15" mark the past; a past told as got
  through ("... and talking to someone helped me") counts for nothing;
- quotes: text in quotation marks is somebody's words: at most ``concern``; in a message
  about a song, lyrics, a poem or a quote it does not count at all;
- laughter ("lol", "😂") next to the phrase reads as hyperbole: at most ``concern``.

Levels: the writer, now, with an urgent phrase → ``urgent``; the writer in the past, or
someone else now → ``concern``; someone else in the past, "you", anyone in general, a
negation, an idiom or lyrics → nothing. The model reads the sentences the rules found
nothing in, when at least ``MODEL_MIN_WORDS`` words are left, and can raise the level on its
own above its thresholds. Missing a person
at risk costs far more than a false alarm, so wherever the rules cannot tell (no time
given, nobody named) they read the text as the writer, now.

The score is 0-1; the level is read off it: ``urgent`` from ``URGENT_AT``, ``concern`` from
``CONCERN_AT``. Rules score 0.9+ (urgent) or 0.4+ (concern); the model's probability is
mapped so that its thresholds land on ``CONCERN_AT`` and ``URGENT_AT``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from peerhaven.coach import model as _model
from peerhaven.coach.types import Risk, RiskLevel

# Reason codes (stable; shown to people through the labels below).
SUICIDAL_THOUGHTS = "suicidal_thoughts"
PLAN_OR_MEANS = "plan_or_means"
SELF_HARM = "self_harm"
HARM_TO_OTHERS = "harm_to_others"
ABUSE = "abuse"
GOODBYE = "goodbye"
REASONS = (SUICIDAL_THOUGHTS, PLAN_OR_MEANS, SELF_HARM, HARM_TO_OTHERS, ABUSE, GOODBYE)
REASON_LABELS = {
    SUICIDAL_THOUGHTS: "suicidal thoughts",
    PLAN_OR_MEANS: "a plan or the means",
    SELF_HARM: "self-harm",
    HARM_TO_OTHERS: "harm to others",
    ABUSE: "abuse",
    GOODBYE: "a goodbye",
}

SUPPORTED_LOCALES = frozenset({"en"})
CONCERN_AT = 0.25
URGENT_AT = 0.5
RISK_MODEL = "risk"
# The model reads only texts with at least this many words left once the rules have read
# theirs: it learnt from forum posts and is unreliable on a line or two, which the rules
# are written for.
MODEL_MIN_WORDS = 30
_WORD_RE = re.compile(r"[^\W_]+")

_NONE, _CONCERN, _URGENT = 0, 1, 2
_LEVEL_NAMES: tuple[RiskLevel, ...] = ("none", "concern", "urgent")

# ---------------------------------------------------------------------------------------
# Normalisation. Risk screening needs no offsets into the original text, so it works on a
# lower-cased copy with straight quotes; every later step keeps that copy's length, so
# positions stay comparable between steps.

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u200b": " ",
        "\u2014": ",",
        "\u2013": ",",
    }
)


def _normalize(text: str) -> str:
    lowered = text.lower()
    # Some characters change length when lower-cased ("İ"); keep the original then.
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_TRANSLATE)


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


# ---------------------------------------------------------------------------------------
# Idioms: blanked before anything else.

_EMOTIONS = (
    r"embarrassment|shame|laughter|laughing|boredom|cringe|happiness|joy|jealousy|envy|"
    r"cuteness|excitement|suspense|curiosity|heat|thirst|hunger|exhaustion|old age|"
    r"natural causes|a broken heart|fright|anticipation|delight"
)
_IDIOMS = [
    # "... is killing me": the traffic, my feet, this heat, you (lol)
    r"\b(?:is|are|'s|'re|was|were|keeps?|been|it's|its|that's|thats|this|these|feet|back|"
    r"knees?|head|heat|traffic|suspense|wait|waiting|commute|job|exam|exams|homework|"
    r"deadline|cold|shoes|hangover|anticipation|kids|week|day|mondays?)"
    r"(?: \w+){0,2} (?:literally |actually |absolutely |slowly )?killing me\b",
    r"\bkill(?:ing|s|ed)? (?:it|the (?:game|gig|show|set|interview|exam|test|"
    r"presentation|lights?|engine|music|vibe|mood|time|conversation|pain|bugs?|weeds?|"
    r"spider|fly|process|app|tab))\b",
    r"\bkill(?:ing)? (?:some |the )?time\b|\bkill(?:ing)? (?:two|2) birds\b|\b(?:could|would) "
    r"kill for (?:a|an|some)\b|\bdressed to kill\b|\bkiller (?:\w+)\b|\boverkill\b|\bkilljoy\b",
    # "I'm killing myself laughing / trying to finish this"
    r"\bkill(?:ing|ed)? myself (?:laughing|with laughter|trying|to (?:finish|get|make|meet|"
    r"please|keep up|study|pass)|working|at (?:work|the gym)|for (?:this|that|them|nothing|a)|"
    r"over (?:this|that|a|an|it|nothing))\b",
    r"\b(?:almost|nearly|could have|could've) (?:killed|kill) myself (?:on|in|with|when|while|"
    r"falling|tripping|skiing|driving|cycling|biking|riding|for)\b",
    # "die of embarrassment", "dying to see it", "to die for"
    r"\b(?:die|died|dying|dies|dead) (?:of|from|with) (?:pure |total |the |sheer )?"
    rf"(?:{_EMOTIONS})\b",
    r"\b(?:dying|died|dead) (?:laughing|of laughter|lol|lmao|haha)\b",
    r"\bdying (?:to|for) (?:see|know|try|meet|hear|go|get|read|watch|tell|have|eat|"
    r"find out|visit|a|an|some|the|my|your)\b",
    r"\bto die for\b|\bdie[- ]hard\b|\bdo or die\b|\bdie is cast\b|\bdead (?:tired|serious|set|"
    r"on|wrong|end|line|weight|heat|center|centre|ringer|giveaway|last)\b|\bdeadlines?\b",
    r"\b(?:could|would|'d|will|'ll|gonna|going to) (?:just |literally |actually )?die (?:happy|"
    r"if (?:i|she|he|they) (?:saw|see|sees|knew|know|found|heard|hear|read)|when (?:i|he|she|"
    r"they) (?:see|saw|hear|find))\b",
    r"\brather die than (?:wear|eat|go|watch|listen|sit|do that|admit|lose|miss|be seen|"
    r"work|sing|dance|call|text|ask|apologi[sz]e|use|drink|fly|cook|clean|share)\b",
    r"\b(?:bored|scared|worried|sick|tired|tickled|frightened|freaked|stressed|annoyed|"
    r"loved?|talked|beaten|done|starving|freezing) (?:\w+ )?to death\b",
    r"\b(?:my|the|our|his|her) (?:phone|battery|laptop|car|plant|plants|computer|wifi|"
    r"internet|game|character|fish|goldfish|conversation|chat|group|thread) (?:has |had |just )?"
    r"(?:died|dead|is dead|was dead|dying)\b",
    r"\bi(?:'m| am) (?:so |literally |actually )?dead\b(?= *(?:lol|lmao|haha|😂|🤣|💀|,|!|\.|$))",
    # "cut myself some slack", "cut myself shaving", "hurt myself at the gym"
    r"\bcut(?:ting)? myself (?:some slack|a break|off|a (?:slice|piece|bit)|some|shaving|"
    r"while (?:cooking|shaving|chopping|cutting)|on (?:a|the|some)|with (?:a|the) (?:kitchen|"
    r"bread|paper)|by accident|accidentally|chopping)\b",
    r"\bhurt(?:ing)? myself (?:at|in|while|playing|lifting|running|working out|exercising|"
    r"falling|when i fell|laughing|skiing|cycling|climbing|dancing|on (?:a|the)|by accident|"
    r"accidentally)\b",
    r"\b(?:overdos(?:e|ed|ing)|od(?:'d|ed)?) on (?:coffee|caffeine|sugar|netflix|chocolate|"
    r"candy|cake|tv|anime|pizza|carbs|cookies|memes|cuteness|sleep|sunshine)\b",
    r"\bshoot (?:me|you|him|her|us|them) (?:a|an) (?:message|text|email|e-mail|dm|line|pm|note)\b|"
    r"\bphoto ?shoot\b|\bshoot(?:ing)? (?:a|the|some) (?:photo|photos|video|film|scene|hoops|"
    r"breeze|pool)\b",
    r"\bjump(?:ing)?[- ]off (?:point|the (?:diving )?board)\b",
    r"\bsuicide (?:squad|mission|run|doors|hotline|helpline|prevention|awareness|line|lifeline|"
    r"crisis line|rates?|statistics|stats|research|watch|bomber|bombing|note scene)\b|"
    r"\bsuicidewatch\b|\bsuicide and crisis\b",
    r"\b(?:my|his|her|their|your) (?:mom|mum|dad|mother|father|parents|boss|teacher|coach|wife|"
    r"husband|girlfriend|boyfriend|partner|sister|brother) (?:is|are|will|'ll|'s|is going to|"
    r"are going to|gonna|would|'d)(?: literally| actually| totally| so)? (?:going to |gonna )?"
    r"kill (?:me|us)(?: (?:if|when|for|lol|haha)\b)",
    r"\bhit (?:me|us) up\b|\b(?:it|that|reality|the realization|this) (?:just )?hit me\b|"
    r"\bbeat (?:me|us) (?:at|in|to|by)\b|\bhits me (?:that|how|hard|different)\b",
    r"\bkill (?:him|her|them|my \w+) (?:if|when) (?:he|she|they) (?:eats?|takes?|touch(?:es)?|"
    r"uses?|borrows?|finish(?:es)?|breaks?|forgets?|spoils?|tells?|reads?|sees?)\b",
]
_IDIOM_RE = re.compile("|".join(f"(?:{p})" for p in _IDIOMS))
# Keep "killing me" idioms when somebody is described as a threat.
_THREAT_CONTEXT_RE = re.compile(r"\b(?:threat\w*|scared|afraid|terrified|swore|said he|said she)\b")

# Emoji/ASCII laughter near a phrase reads as hyperbole.
_LAUGH_RE = re.compile(r"\b(?:lol+|lmf?ao+|rofl|haha\w*|jk|just kidding|kidding)\b|😂|🤣|💀|😆|😹")

# Songs, lyrics, quotes: quoted words in such a message do not count.
_LYRIC_WORDS = frozenset(
    re.findall(
        r"\w+",
        "lyric lyrics song songs sing sings sang singing chorus verse album track band poem "
        "poet quote quoting quoted movie film show episode book novel character meme playlist "
        "spotify rapper singer",
    )
)
_LYRIC_SIGNS = ("♪", "🎵", "🎶")
# Words without which no idiom can match: most sentences skip the idiom list.
_IDIOM_WORDS = re.compile(
    r"kill\w*|overkill|die[sd]?|dying|dead\w*|death|cut\w*|hurt\w*|overdos\w*|od|od'd|oded|"
    r"shoot\w*|photoshoot|jump\w*|suicide\w*|hit|hits|beat|myself"
)
_SONG_SAYS_RE = re.compile(
    r"\b(?:as (?:the song|the saying|they|the line|the quote|\w+) (?:goes|says|said|sang|sings|"
    r"put it)|the song goes|song goes|lyrics? (?:go|goes|say|are)|sings|sang)\b[^.!?\n]{0,40}$"
)
_SELF_SPEECH_RE = re.compile(
    r"\b(?:i|i've|i'd|i'll) (?:\w+ ){0,2}(?:said|say|told|tell|wrote|write|texted|text|typed|"
    r"type|screamed|cried|whispered|keep thinking|thought|think|asked)\b[^\"\n]{0,30}$"
)
_QUOTE_RE = re.compile(
    r"\"[^\"\n]{1,400}\"|(?<![\w'])'(?:[^'\n]|(?<=\w)'(?=\w)){1,200}'(?!\w)|♪[^♪\n]{1,300}♪?"
)
_LYRIC_LINE_RE = re.compile(r"^[^\n]*(?:♪|🎵|🎶)[^\n]*$", re.MULTILINE)
_LYRIC_BLOCK_RE = re.compile(
    r"^[^\n]{0,80}\b(?:lyrics?|song|poem|quote|verse|chorus)\b[^\n]{0,40}:[ \t]*\n"
    r"(?:[^\n]+\n){0,11}[^\n]*",
    re.MULTILINE,
)

# ---------------------------------------------------------------------------------------
# Sentences, clauses, negation, person and time.

_SENTENCE_END_RE = re.compile(r"[.!?\n]+|\s-\s")
_CLAUSE_END_RE = re.compile(
    r"[,;:()\[\]]|\b(?:but|and|so|because|cause|cuz|since|though|although|yet|or|then|"
    r"whereas|while|until)\b"
)
_NEGATION_RE = re.compile(
    r"(?:\bnot\b|\bnever\b|\bno longer\b|\bnor\b|n't\b|\b(?:dont|wont|cant|didnt|doesnt|isnt|"
    r"wasnt|wouldnt|shouldnt|couldnt|aint|arent|havent|hasnt|wasn|nothing to do with)\b|"
    r"\bno (?:plans?|intention|intentions|desire|urge|urges|thoughts?|wish) (?:to|of)\b|"
    r"\b(?:don|won|can|didn|doesn|isn|wasn|wouldn|shouldn|couldn|aren|haven|hasn) t\b)"
)
# Negations that do not negate the phrase after them.
_NOT_NEGATION_RE = re.compile(
    r"\b(?:can'?t|cannot|can not|couldn'?t|won'?t|don'?t|not able to|never) (?:\w+ )?"
    r"(?:stop|quit|help|shake|escape|fight|resist|control|handle|cope|get rid of|get over|"
    r"seem to|wait|imagine|remember|deny|hide|pretend)\b|\bnot (?:sure|certain|only|just|gonna "
    r"lie|going to lie|a day goes by)\b|\b(?:don'?t|do not|didn'?t) (?:know|understand|get)\b|"
    r"\bwhy not\b|\b(?:wouldn'?t|won'?t|don'?t|didn'?t|doesn'?t) (?:have|need) to\b|\bwhy (?:shoul"
    r"dn'?t|wouldn'?t|don'?t|can'?t) i\b|\bno one\b|\bnobody\b|"
    r"\bnever mind\b|\bdoesn'?t matter\b|\bcan'?t (?:stop )?(?:thinking|think)\b|"
    r"\b(?:not|never) (?:been|felt) (?:this|so|that)\b|\bnot (?:ok|okay|fine|well|good)\b"
)
# "I'm not having any thoughts of hurting myself": the negation sits further back.
_NO_THOUGHTS_RE = re.compile(
    r"\b(?:no|not having|not having any|don'?t have any|haven'?t had any|never had any|not) "
    r"(?:\w+ )?(?:thoughts?|urges?|plans?|intention|intentions) (?:of|about|to)\s*$"
)
_CONDITIONAL_RE = re.compile(r"\s*(?:if|when|whenever|should|in case)\b")
_AFTER_NEGATION_RE = re.compile(
    r"[\s?!.,]{0,4}(?:not anymore|no longer|not really|nope|never again|not me|not now|"
    r"no more|no,? not)\b"
)

_RELATIVES = (
    r"brother|sister|sis|bro|friend|friends|bff|bestie|mom|mum|mother|mama|dad|father|papa|"
    r"son|daughter|kid|kids|child|children|husband|wife|partner|boyfriend|girlfriend|bf|gf|"
    r"cousin|uncle|aunt|auntie|grandma|grandmother|grandpa|grandfather|roommate|flatmate|"
    r"classmate|coworker|co-worker|colleague|teammate|student|client|patient|neighbor|"
    r"neighbour|niece|nephew|ex|fiance|fiancee|fiancé|parent|parents|stepdad|stepmom|"
    r"stepmother|stepfather|sibling|siblings|buddy|mate|teen|teenager|boss|member|guy|girl|"
    r"woman|man|person|family|relative|grandson|granddaughter|spouse|twin"
)
_SUBJECT_RE = re.compile(
    r"\b(?:(?P<third>he|she|they|he's|she's|they're|hes|shes|theyre|they've|he'd|she'd|"
    r"they'd|he'll|she'll|they'll|him|her|them|his|their|(?:my|our|a|his|her|their|this|"
    r"that) (?:\w+ )?(?:" + _RELATIVES + r")(?:'s)?|(?:" + _RELATIVES + r"))|"
    r"(?P<second>you|you're|youre|you've|you'd|you'll|u|ur|your|yourself|ya)|"
    r"(?P<generic>anyone|anybody|someone|somebody|people|everyone|everybody|no one|nobody|"
    r"those|others|whoever|one|folks|teens|kids these days)|"
    r"(?P<first>i|i'm|im|i've|ive|i'd|i'll|me|my|myself|mine|we|we're|we've|us|our|"
    r"part of me))\b"
)
_SECOND_IN_MATCH_RE = re.compile(
    r"\b(?:yourself|yourselves|urself|your (?:own )?(?:life|lives|wrists?))\b"
)
_THIRD_IN_MATCH_RE = re.compile(
    r"\b(?:himself|herself|themselves|themself|(?:his|her|their) (?:own )?(?:life|lives|wrists?))\b"
)
_FIRST_IN_MATCH_RE = re.compile(r"\b(?:i|i'm|im|i'd|i've|me|my|myself|mine|we|us)\b")
_VICTIM_FIRST_RE = re.compile(
    r"\b(?:me|us|i'm|i am|i've|i was|i've been|i get|i got|myself|my (?:own )?(?:home|house|"
    r"room|place))\b"
)
# Words right before "suicidal" / "self-harm" that tie it to the person named before them.
_FEELING_CUE_RE = re.compile(
    r"\b(?:i|i'm|im|i am|i've|ive|we|we're|my|me|feel|feels|feeling|felt|am|was|been|being|"
    r"get|getting|got|have|having|had|struggle with|struggling with|deal with|dealing with|"
    r"(?:think|thinking|thought|thoughts|dream|dreaming|fantasi\w+)(?: a lot)? (?:about|of)|"
    r"considering|contemplating|planning|plan|fighting|battling|so|very|really|always|still|"
    r"constant|constantly|extremely|pretty|kinda|kind of|super|more|more and more|back to|"
    r"turned to|turn to|mild|severe|passive|active|intense|horrible|awful|bad|strong|"
    r"relapsed into|relapse into|urges to|urge to|used to|started|stopped|quit)\s*$"
)

_PAST_RE = re.compile(
    r"\b(?:years? ago|months ago|decades? ago|a (?:long )?(?:time|while) ago|long ago|"
    r"last (?:year|summer|winter|spring|fall|autumn|decade)|when i was (?:\d+|a kid|a child|"
    r"little|young|younger|a teen(?:ager)?|in (?:high )?school|in college|at uni|in my "
    r"(?:teens|twenties|20s|thirties|30s))|as a (?:kid|child|teen(?:ager)?)|in (?:high school|"
    r"middle school|college|university|my teens|my twenties|my 20s|the past|(?:19|20)\d\d)|"
    r"back (?:then|in)|used to|for (?:a|one|two|three|four|five|\d+) (?:few )?(?:years?|months?)"
    r" (?:now )?(?:clean|free|sober)|(?:\d+|one|two|three|four|five|six|ten) (?:years?|months?) "
    r"(?:clean|free|sober)|(?:clean|free) (?:for|since)|since then|that was (?:years|a long "
    r"time)|when i (?:was|felt|were|had|used)|at my (?:lowest|worst)|once upon a time)\b"
)
# Said of the writer's past: it is over, or it got better.
_RECOVERY_RE = re.compile(
    r"\b(?:(?:doing|feeling) (?:much |a lot |so much )?better now|(?:in a )?(?:much )?better "
    r"place now|recovered|in recovery|i survived|survivor|got help|got through (?:it|the night|"
    r"that|those)|made it through|helped me|(?:glad )?i'?m still here|clean (?:for|since)|"
    r"(?:\d+|one|two|three|four|five|six|ten) (?:years?|months?) (?:clean|free|sober)|"
    r"sober (?:for|since)|it gets better|it got better)\b"
)
_PRESENT_RE = re.compile(
    r"\b(?:now|still|again|tonight|today|right now|currently|lately|these days|this (?:week|"
    r"morning|evening|afternoon|month)|anymore|every (?:day|night)|keep|keeps|constantly|"
    r"recently|yesterday|last night|this year)\b"
)
_USED_TO_RE = re.compile(r"\bused to\b")


# ---------------------------------------------------------------------------------------
# The English lexicon: (reason, severity, mode, trigger, pattern).
# trigger: words (a regex matched against whole words) of which a sentence must hold one
#   for the pattern to be tried there; most sentences hold none, which keeps screening fast.
#   Every match of the pattern contains one of them (tests/coach/test_risk_engine.py).
# mode: "look" – who is at risk comes from the phrase ("myself", "her life") or the words
#   before it; nobody named means the writer. "noun" – like "look", but a bare noun with
#   nobody named ("suicide is never the answer") is general talk unless the clause is short.
#   "victim" – abuse: the writer is at risk when the phrase names "me"/"us".
#   "subject" – harm to others: the words before it say who would harm.
#   "aimed" – words aimed at the reader ("kill yourself"): harm to others, at most concern.

_REFL = r"(?:my ?self|myself|himself|herself|themselves|themself|yourself|yourselves|ourselves)"
_MEANS = (
    r"(?:sleeping )?(?:pills|tablets|meds|medication|medications|painkillers|pain killers|"
    r"paracetamol|tylenol|acetaminophen|insulin|antidepressants|sleeping tablets|opioids|"
    r"oxy|xanax|benzos)"
)
_WEAPON = r"(?:gun|pistol|rifle|shotgun|firearm|revolver|handgun)"
_PLACE = (
    r"(?:bridge|building|roof|rooftop|cliff|balcony|window|train|bus|truck|lorry|traffic|car|"
    r"tracks|train tracks|river|ocean|sea|lake|tower|parking garage|car park|overpass|"
    r"motorway|highway|freeway|subway|tube|metro|oncoming traffic|a moving \w+)"
)
_PEOPLE = (
    r"(?:people|someone|somebody|everyone|everybody|anyone|children|kids|a kid|a child|"
    r"my (?:baby|kids|children|son|daughter)|the baby|them all|all of them|strangers)"
)
_SOMEONE = (
    r"(?:him|her|them|my (?:\w+ ){0,2}(?:" + _RELATIVES + r")|that (?:guy|girl|man|woman|"
    r"person|bitch|bastard|asshole)|the (?:teacher|boss|guy|neighbou?r))"
)

_LEXICON: list[tuple[str, int, str, str, str]] = [
    # --- suicidal thoughts
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"(?:my|him|her|them|your|our)?sel(?:f|ves)\w*|kms|unalive|sewerslide|ctb",
        r"\b(?:kill|killing|kills|killed|kms|off|offing|end|ending|unalive|unaliving|murder|"
        r"shoot|shooting|shot|drown|drowning|gas|gassing|electrocute|poison|poisoning)\s+"
        + _REFL
        + r"|\bkms\b|\bunalive\b|\bsewerslide\b|\bctb\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"life|lives|end|ending|ended",
        r"\b(?:end|ending|ended|take|taking|took|finish|finishing) (?:my|his|her|their|your) "
        r"(?:own )?(?:life|lives)\b|\bend (?:it|this) all\b|\bend everything\b|"
        r"\b(?:want|wanna|going|gonna|ready|decided|plan\w*|about|try\w*|need|time|tempted|"
        r"urge) (?:to )?end (?:it|things|everything|this|the pain|my pain)\b"
        r"(?! (?:with|between|off|early|on a|on good|there|here)\b)",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"suicide|attempt\w*|try|tried|trying|commit\w*",
        r"\bcommit(?:s|ting|ted)? suicide\b|\b(?:attempt|attempted|attempting|try|tried|"
        r"trying) (?:to )?(?:suicide|kill (?:myself|himself|herself|themselves)|end (?:my|his|her|"
        r"their) life)\b|\bsuicide attempts?\b|\battempted(?= (?:last|twice|once|again|\d|in "
        r"(?:19|20)|when|before|a few|several|multiple|years|months|yesterday|today)|[.,!?]|$)",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "noun",
        r"suicid\w*|sucid\w*|suicde|suiside|suicidial|suicidel|suicidle",
        r"\b(?:suicid(?:e|al|ality|ally)|sucid(?:e|al)|suicde|suiside|suicidial|suicidel|"
        r"suicidle)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"die|dead|exist|existing|alive|forever|wake|gone|anymore",
        r"\b(?:want|wants|wanted|wanting|wanna|wish|wished|wishing|would rather|'d rather|"
        r"ready|deserve|deserves|deserved|need|needs|prefer|longing|long|yearn|praying|pray) "
        r"(?:to )?(?:just )?(?:die|be dead|not exist|stop existing|not be alive|disappear "
        r"forever|not wake up|never wake up|sleep forever|cease to exist|not be here anymore|"
        r"be gone)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"wish|wished|wishing",
        r"\bwish(?:ed|ing)? (?:that )?i (?:was|were|'d|had|could|would)?\s?(?:just )?(?:be )?"
        r"(?:dead|die|died|not (?:be )?alive|never been born|not (?:been )?born|not exist|"
        r"disappear forever|stop existing|sleep forever|not wake up|never wake up|never woke up)\b|"
        r"\bwish(?:ed|ing)? (?:that )?i (?:wasn't|weren't|didn't|wouldn't|won't|don't|did not|"
        r"would not|was not|were not|hadn't|had not) (?:alive|born|here|around|exist|wake up|"
        r"have to wake up|been born|woken up)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"live|living|alive|exist|existing|wake|survive|tomorrow|earth|die|anymore|making|here",
        r"\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not) (?:really )?(?:want|wanna|"
        r"wish|feel like|plan|intend|care) (?:to )?(?:live|be alive|exist|be here anymore|"
        r"wake up|keep (?:living|existing)|be around anymore|see tomorrow|survive|"
        r"stay alive|continue living|be on this earth)\b|\bdon'?t (?:think|know if) i (?:want|"
        r"wanna|can) (?:to )?(?:live|be alive|be here|survive)\b|"
        r"\bnot sure (?:if |whether |that )?i (?:want|wanna) (?:to )?(?:live|be alive|be here|"
        r"exist)\b|\bdon'?t care (?:if|whether) i (?:live|die|wake up|survive)"
        r"\b|\bdon'?t see (?:myself|me) (?:living|alive|being here|making it)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"on|going",
        r"\b(?:don'?t|do not|doesn'?t|does not|didn'?t|did not) (?:really )?(?:want|wanna|"
        r"wish|feel like|plan|intend|care) (?:to )?(?:go on|keep going)\b|\bdon'?t (?:think|"
        r"know if) i (?:want|wanna|can) (?:to )?(?:go on|keep going)\b|\bnot sure (?:if |"
        r"whether |that )?i (?:want|wanna) (?:to )?(?:go on|keep going)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"reason|point|purpose|desire|live|living",
        r"\b(?:no|any|not (?:a|one|any)|nothing left to|without a|lost (?:my|the|all)|"
        r"don'?t have a|don'?t see (?:a|the|any)|can'?t (?:find|see) (?:a|the|any)|what(?:'s| "
        r"is) the) (?:reason|point|purpose|will|desire|point anymore) (?:(?:to|in|of|for) )?"
        r"(?:live|living|life|go on|going on|being alive|stay alive|staying alive|existing|"
        r"be here|being here|wake up|waking up)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"without|dead|gone|died|disappeared|born|here|around",
        r"\b(?:better off|be better|happier|easier) (?:off )?(?:dead|if i (?:was|were|'m|am) "
        r"(?:dead|gone|not here|not around|never born)|if i (?:died|disappeared)|without me"
        r"(?: here| around| alive)?)\b|\bif i (?:was|were) (?:dead|gone)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"suicide|killing|ending|existing|waking|alive|disappearing|die|jumping|hanging|overdosing"
        r"|taking|being",
        r"\b(?:thoughts?|thinking|think|thought|fantasi[sz]e|fantasi[sz]ing|dream|dreaming|"
        r"obsess(?:ed|ing)?|plan|planning|researching|googling|looking up) (?:\w+ )?(?:about|of|"
        r"into) (?:suicide|killing myself|ending (?:it|it all|my life|everything|things)|not "
        r"(?:being here|existing|waking up|being alive)|disappearing forever|ways to die|"
        r"how to die|jumping|hanging myself|overdosing|taking my life)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"only|best|last|easiest|right",
        r"\b(?:suicide|death|dying|killing myself|ending it|ending my life|not being here) (?:is|"
        r"seems|feels|looks|would be|might be|is starting to (?:look|feel))(?: like)? (?:the|my) "
        r"(?:only|best|last|easiest|right) (?:way|option|answer|choice|escape|solution|way out)\b|"
        r"\b(?:the|my) only (?:way out|escape|option left)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"wake|world|good|forever|longer|long|anymore|tomorrow|done|tired|eyes",
        r"\b(?:go to sleep|fall asleep|sleep|close my eyes) and (?:never|not) (?:wake up|open "
        r"them)\b|\bhope i (?:don'?t|never) wake up\b|\b(?:ready|want|going|gonna) to (?:go|leave)"
        r" (?:this world|for good|forever)\b|\bnot (?:going to|gonna) be (?:here|around|alive) "
        r"(?:much longer|for long|anymore|tomorrow)\b|\bi(?:'m| am) done (?:with )?(?:living|"
        r"life|being alive|existing)\b|\btired of (?:living|being alive|existing)\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _URGENT,
        "look",
        r"kill|shoot|end|why|living|earth|world|planet|almost|nearly|wish|hope|pray|praying|prayed"
        r"|without|worth|suicide|killing|ending",
        r"\b(?:please|pls|plz|someone|somebody|anyone|can someone|just|god|lord) (?:just |"
        r"please |pls )?(?:kill|shoot|end) me\b|\b(?:suicide|killing myself|ending it|ending my "
        r"life|ending it all) (?:has |had |keeps |kept )?(?:crossed|crosses|crossing|is on|was on|"
        r"been on) my mind\b|\bwhy (?:should|would|do|must|am) i (?:even |"
        r"still )?(?:go on|keep|bother) (?:living|going|trying|being alive)\b|\bgo on living\b|"
        r"\b(?:leave|leaving|left|exit|exiting|depart|departing) this (?:earth|world|"
        r"planet)\b|\b(?:almost|nearly) (?:ended it|ended my life|went through with it|died by "
        r"suicide)\b|\bwish (?:that )?i (?:would|could|'d|will) (?:get|be|die|just) (?:\w+ )"
        r"{0,3}(?:accident|cancer|hit by|killed|heart attack|run over|die|dead)\b|\b(?:hope|pray|p"
        r"raying|prayed) (?:that )?"
        r"i (?:just |will |won'?t )?(?:die|get hit by|get killed|crash|don'?t make it|never wake u"
        r"p|"
        r"don'?t wake up|wake up)\b|\b(?:world|earth|everything|everyone|life) (?:is|would be|"
        r"will be|'d be) better (?:off )?without me\b|\b(?:life|living) (?:isn'?t|is not|ain'?t|"
        r"is no longer|not) worth (?:living|it anymore)\b|\bnot worth living\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _CONCERN,
        "look",
        r"dead|inside|care|cares|notice|miss|funeral|trust",
        r"\bdead inside\b|"
        r"\b(?:no one|nobody|noone) (?:would|will|is going to|'d|'ll) (?:even )?(?:miss me|notice|"
        r"care if i|care when i|notice if i)\b|\b(?:no one|nobody|noone) (?:cares|would care|"
        r"will care|gives a \w+) (?:if|whether) i (?:live|die|lived|died|exist)\b|"
        r"\b(?:don'?t|can'?t|do not|cannot) trust myself (?:tonight|right now|alone|anymore|"
        r"around|with|to be safe|not to)\b|\b(?:imagin\w+|pictur\w+|plan\w*|think\w* about|"
        r"dream\w* about) my (?:own )?funeral\b",
    ),
    (
        SUICIDAL_THOUGHTS,
        _CONCERN,
        "look",
        r"death|dying|dead",
        r"\b(?:thoughts?|thinking|think|thought|fantasi[sz]e|fantasi[sz]ing|obsess(?:ed|ing)?) "
        r"(?:\w+ )?(?:about|of) (?:death|dying|being dead)\b(?! of)",
    ),
    (
        SUICIDAL_THOUGHTS,
        _CONCERN,
        "look",
        r"can't|cant|cannot|couldn't|couldnt|end|stop|over|disappear|vanish|give|tired|hopeless|wa"
        r"y|future|hope|point|burden|waste|wake|here|sleep|alive|living|why",
        r"\b(?:can'?t|cannot|can not|couldn'?t) (?:\w+ )?(?:go on|keep going|do this anymore|"
        r"take (?:it|this|much more|any more|anymore)|live like this|keep living|handle "
        r"(?:life|this|it) anymore|carry on|cope anymore|cope any longer|survive this)\b|"
        r"\b(?:want|need|wish) (?:it|everything|this|the pain|life|it all) (?:all )?to (?:end|stop|"
        r"be over)\b|"
        r"\b(?:want|wanna|wish i could) (?:to )?(?:just )?(?:disappear|vanish|give up)\b|"
        r"\btired of (?:life|everything|fighting|trying)\b|\b(?:hopeless|no way out|no future|"
        r"no hope|what'?s the point(?: of (?:anything|trying|it all|anything anymore))?)\b|"
        r"\b(?:i'?m|i am|i feel like) (?:such |just )?a (?:burden|waste of space|waste of "
        r"oxygen)\b|\bgive up on (?:life|living|everything|myself)\b|\bdon'?t want to be here"
        r"\b|\bdon'?t want to wake up\b|\bwhy (?:am i|should i (?:stay|keep)) (?:still )?"
        r"(?:alive|here|living|going)\b|\bwant to sleep (?:and|forever)\b",
    ),
    # --- a plan or the means
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"pills|tablets|meds|medication|medications|painkillers|killers|paracetamol|tylenol|acetam"
        r"inophen|insulin|antidepressants|opioids|oxy|xanax|benzos|noose|rope|gun|barrel|pistol|tr"
        r"igger|rifle|shotgun|firearm|revolver|handgun",
        r"\b(?:saved|saving|stockpil\w*|hoard\w*|stash\w*|collect\w*|count(?:ed|ing)|enough|"
        r"all (?:of )?(?:my|the)|a (?:whole |full )?(?:bottle|box|pack|handful|bunch|stash) of|"
        r"the whole (?:bottle|pack|box|packet) of) (?:up )?(?:my |the |of |these |those )?"
        + _MEANS
        + r"\b|\b(?:a|the|my) noose\b|\bnoose\b|\b(?:tied|made|bought|got|have|ready) (?:a |the "
        r"|my )?rope\b|\b(?:gun|barrel|pistol) (?:to|in|against) my (?:head|mouth|temple|chest)"
        r"\b|\b(?:want|wanted|wanna|going|gonna|ready|about) to pull (?:the|that) (?:\w+ )?trigger"
        r"\b"
        r"|\bloaded (?:the |my |a |his )?" + _WEAPON + r"\b"
        # "I have the pills ready tonight": the means set out.
        r"|\b" + _MEANS + r" (?:are |is )?(?:all )?(?:ready|lined up|laid out|counted out|in "
        r"front of me)\b(?! (?:at|for|from|to (?:collect|pick)|by|with the))",
    ),
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"overdos\w*|od|od'd|oded|oding|swallow\w*|swallowing|took|take",
        r"\b(?:overdos(?:e|ed|es|ing)|od(?:'d|ed|ing)? on|take (?:all|every one|the rest) of "
        r"(?:my|the|them|these)|swallow(?:ed|ing)? (?:all|the whole|a bottle|a handful|them "
        r"all|every)|took (?:all|a handful|a bottle|the whole bottle) of)\b",
    ),
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"hang|hanging|hanged|hung|wrist|wrists|throat|veins|bridge|building|roof|rooftop|cliff|"
        r"balcony|window|train|bus|truck|lorry|traffic|car|tracks|river|ocean|sea|lake|tower|"
        r"garage|park|overpass|motorway|highway|freeway|subway|tube|metro|moving",
        r"\b(?:hang|hanging|hanged|hung) (?:myself|himself|herself|themselves|yourself)\b|"
        r"\b(?:slit|slice|slicing|slash|slashing|open|opening|cut|cutting) (?:open )?(?:my|his|"
        r"her|their|your) (?:wrists?|throat|veins)\b|\b(?:jump|jumping|jumped|leap|leaping|"
        r"throw myself|throwing myself|step|stepping|walk|walking|drive|driving|crash|crashing)"
        r" (?:my car )?(?:off|from|in front of|into|onto|under|in) (?:a |the |this |that |my )?"
        + _PLACE
        + r"\b|\bcrash(?:ing)? my car (?:on purpose|into)\b",
    ),
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"suicide|goodbye|farewell|plan|method|methods|date|die|dying|kill|killing|end|ending|pain"
        r"less|lethal|fatal|deadly|dose|amount|pills|tablets|night",
        r"\b(?:suicide|goodbye|farewell) (?:note|notes|letter|letters|plan|method|date)\b|"
        r"\b(?:a |the |my )?(?:plan|method|date) (?:to|for|of) (?:kill|killing|end|"
        r"ending|die|dying|suicide|do it|doing it)\b|\b(?:best|easiest|painless|quickest|quick|"
        r"fastest|surest|quietest) (?:way|ways|method|methods) (?:to|of) (?:die|dying|kill "
        r"myself|killing myself|end it|ending it|end my life|suicide)\b|"
        r"\b(?:tonight|tomorrow) is the night\b|\b(?:lethal|fatal|deadly) "
        r"(?:dose|amount)\b|\bpainless (?:ways?|methods?|death)\b|\bhow many (?:\w+ )?(?:pills|"
        r"tablets) (?:would|will|does it|to)\b|\bhow (?:much|many) (?:\w+ )?(?:would|will|does"
        r" it) (?:it )?take to (?:die|kill)\b",
    ),
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"know",
        r"\bknow (?:exactly )?(?:how|where|when) (?:i'?ll|i will|i'?m going to|i'?m gonna|to) "
        r"(?:do it|die|end it|kill myself)\b",
    ),
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"blow|bullet|tonight|tomorrow|weekend|through|rope|belt|noose|cord|neck|knife|blade|gun|r"
        r"azor|pistol|barrel|method|means|edge|tree|wall|cliff|river|lorry|truck|traffic|bridge|ev"
        r"erything",
        r"\bblow (?:my|his|her) (?:own )?(?:head|brains?) (?:off|out)\b|\bbullet (?:in|into|"
        r"through) my (?:head|brain|skull|chest)\b|\b(?:do|go through with) it (?:tonight|"
        r"tomorrow|this weekend)\b|\bgo through with it (?:today|soon|now|right now|this time)\b|"
        r"\b(?:rope or (?:a )?belt|"
        r"belt or (?:a )?rope|(?:rope|belt|cord|noose|something) (?:around|round) my neck)\b|"
        r"\b(?:knife|blade|gun|razor|pistol|barrel) (?:against|to|at|on|into) my (?:throat|"
        r"wrists?|head|neck|chest|temple|mouth)\b|\b(?:have|got|found|picked|chose|chosen) "
        r"(?:a|the|my) method\b|\b(?:have|got|found|get) (?:a plan and )?the means\b|"
        r"\b(?:stood|standing|stand|sat|sitting|sit) (?:on|at) the edge of (?:a |the |my )?"
        r"(?:\w+ ){0,2}(?:roof|bridge|building|cliff|balcony|platform|tracks|rooftop)\b|"
        r"\b(?:drive|driving|drove|crash|crashing|steer|steering) (?:my |the )?(?:car )?(?:off|"
        r"into) (?:a |the )?(?:tree|wall|cliff|river|lorry|truck|oncoming traffic|bridge)\b|"
        r"\bswallow(?:ed|ing)? everything\b",
    ),
    (
        PLAN_OR_MEANS,
        _URGENT,
        "look",
        r"many|taking|take|swallow\w*|calling|tonight|tomorrow|scared|afraid|terrified",
        r"\bhow many (?:\w+ ){0,2}(?:it takes|would it take|does it take|will it take|to (?:die|"
        r"overdose|kill))\b|\b(?:taking|take|swallow\w*) (?:everything|all of them|the lot) "
        r"(?:i have|i've got|i've saved|in the (?:cabinet|drawer|house))\b|\b(?:bridge|tracks|"
        r"pills|rope|edge|water|river|sea|ocean|roof) (?:[\w']+ ){0,4}(?:keeps?|is|are) calling "
        r"(?:me|my name|to me)\b|\b(?:won'?t|will not) be (?:a burden|one|around|here) (?:after|"
        r"by|past) (?:tonight|tomorrow)\b|\b(?:scared|afraid|terrified) (?:of )?what i(?:'ll| will|"
        r" might| could|'d)? (?:do|might do) to myself\b",
    ),
    (
        PLAN_OR_MEANS,
        _CONCERN,
        "look",
        r"through|plan",
        r"\bgo through with it\b|\bi(?:'ve| have)(?: got)? a plan\b(?! (?:for|to (?:get|go|make|"
        r"start|fix|save|pay|study|move|find|talk|visit|see|finish|apply|quit|change|meet|"
        r"ask|tell|try|work|buy|sell|cook|travel)|b|with|in place|ready for|and)\b)",
    ),
    (
        PLAN_OR_MEANS,
        _CONCERN,
        "look",
        r"gun|pistol|rifle|shotgun|firearm|revolver|handgun",
        r"\b(?:bought|buy|buying|got|get|have|own|found|hid|hiding|hidden|keep|kept) (?:a |"
        r"the |my |my dad'?s |his |her |a new )?" + _WEAPON + r"\b",
    ),
    # --- self-harm
    (
        SELF_HARM,
        _URGENT,
        "look",
        r"(?:my|him|her|them|your|our)?sel(?:f|ves)\w*",
        r"\b(?:cut|cutting|cuts|burn|burning|burned|burnt|burns|hurt|hurting|hurts|harm|"
        r"harming|harms|hit|hitting|hits|punch|punching|scratch|scratching|starve|starving|"
        r"starved|bruise|bruising|carve|carving|carved|stab|stabbing|bleed|bleeding) "
        + _REFL
        + r"\b",
    ),
    (
        SELF_HARM,
        _URGENT,
        "noun",
        r"self\w*",
        r"\bself[- ]?(?:harm(?:ing|ed|s)?|injur\w*|mutilat\w*)\b",
    ),
    (
        SELF_HARM,
        _URGENT,
        "look",
        r"cut|burn|self\w*|relapse|cutting|burning|cuts|wounds|scars|burns|wound|blade|razor|knife"
        r"|lighter|scissors|glass",
        r"\b(?:urges?|urging|itch|itching|need|needing|want|wanted|wants|wanting|wanna|tempted|"
        r"craving|crave|close) (?:to )?(?:cut|burn|self[- ]?harm|relapse|cutting)"
        r"\b(?! (?:class|classes|back|down|corners|costs|ties|out|off|hair|my hair|the|carbs|"
        r"sugar|calories|people|him|her|them|it|that|this|a|some|my|on|from|into|with|in)\b)|"
        r"\b(?:started|start|starting|been|keep|kept|back to|relapsed(?: on| into)?|relapsing) "
        r"(?:cutting|burning|self[- ]?harm\w*)\b(?! (?:class|classes|back|down|corners|"
        r"costs|ties|out|off|hair|my hair|the|carbs|sugar|calories|my (?:losses|hair)|wood|"
        r"paper|fabric|coupons|onions)\b)|"
        r"\b(?:fresh|bleeding|open) (?:cuts|wounds|scars|burns|cut|wound)\b(?! (?:of|from|to)\b)|"
        r"\b(?:blade|razor|knife|lighter|scissors|glass) (?:to|on|against|into|across|over) "
        r"my (?:skin|arms?|wrists?|thighs?|legs?|body|stomach)\b",
    ),
    (
        SELF_HARM,
        _URGENT,
        "look",
        r"cutting|burning|self\w*|cut|burn|burned|relapsed|used",
        r"\b(?:cutting|burning|self[- ]?harm(?:ing)?) (?:doesn'?t|does not|isn'?t|is not|"
        r"no longer|won'?t) (?:help|work|enough)\b|\b(?:cutting|burning|self[- ]?harm(?:ing)?|"
        r"hurting myself) (?:is|was|feels like) the only (?:thing|way)\b|\bused to (?:cut|burn|"
        r"self[- ]?harm)\b(?! (?:my hair|the|class|classes|coupons|corners|costs)\b)|\b(?:cutting|"
        r"cut|burned|burning|self[- ]?harm(?:ed|ing)?|hurt myself|relapsed) (?:myself )?again\b",
    ),
    (
        SELF_HARM,
        _CONCERN,
        "look",
        r"cutting|burning|self\w*|scars|cuts|purging|starving|purge|purpose|clean",
        r"\b(?:stopped|stop|quit|quitting) (?:cutting|burning|self[- ]?harm\w*)\b|\bmy "
        r"(?:old )?(?:scars|cuts)\b|\bclean (?:from|of) (?:cutting|self[- ]?harm\w*)\b|"
        r"\b(?:purging|starving|binge and purge|throwing up on purpose)\b",
    ),
    # --- harm to others
    (
        HARM_TO_OTHERS,
        _URGENT,
        "subject",
        r"kill|killing|hurt|hurting|stab|stabbing|shoot|shooting|strangle|strangling|murder|murder"
        r"ing|attack|attacking|poison|poisoning|beat|beating|bomb|bombing|gun|knife|weapon|pistol|"
        r"rifle|shotgun|firearm|revolver|handgun|pay|sorry",
        r"\b(?:want|wanna|wants|going|gonna|plan\w*|ready|about|need|urges?|thinking about|"
        r"think about|thought about|thoughts? (?:of|about)|fantasi\w*|dream\w* about|will|'ll|"
        r"could) (?:to )?"
        r"(?:kill|killing|hurt|hurting|stab|stabbing|shoot|shooting|strangle|strangling|murder|"
        r"murdering|attack|attacking|poison|poisoning|beat up|beating up) "
        + _PEOPLE
        + r"\b|\b(?:stab|stabbing|strangle|strangling|murder|murdering|poison|"
        r"poisoning) (?:him|her|them|my (?:\w+ )?(?:" + _RELATIVES + r"))\b|"
        r"\b(?:shoot|shooting) (?:him|her)\b|\b(?:shoot|shooting|bomb|bombing) up (?:the|my|"
        r"a|this|our) (?:school|office|work|workplace|class|church|mall|place|store)\b|"
        r"\b(?:bring|bringing|take|taking) (?:a|my|the|his) (?:gun|knife|weapon|" + _WEAPON + r")"
        r" to (?:school|work|class|the office|church|the party)\b|\b(?:they'?ll|they will|"
        r"everyone will) (?:all )?(?:pay|be sorry)\b",
    ),
    (
        HARM_TO_OTHERS,
        _CONCERN,
        "subject",
        r"kill|hurt|beat|punch|hit|strangle",
        r"\b(?:want|wanna|wants|going|gonna|ready|about|urges?|could|will|'ll) (?:to )?"
        r"(?:kill|hurt|beat up|punch|hit|strangle) " + _SOMEONE + r"\b",
    ),
    (
        HARM_TO_OTHERS,
        _CONCERN,
        "aimed",
        r"kys|yourself|urself|yourselves|die|bleach|hope",
        r"\bkys\b|\b(?:go|just|should|pls|plz|please|better|might as well|why don'?t you|you "
        r"should) (?:just |go |and |ahead and )?(?:kill|hang|shoot|off) (?:yourself|urself|"
        r"yourselves)\b|\bgo (?:and )?die\b|\bhope (?:you|u) (?:die|get hit|rot|kill)|\b(?:you|"
        r"u) (?:should|deserve to|need to|ought to) (?:just )?die\b|\bdrink bleach\b",
    ),
    # --- abuse
    (
        ABUSE,
        _CONCERN,
        "victim",
        r"told|tell|tells|telling|said|says",
        r"\b(?:told|tell|tells|telling|said|says|keeps telling|kept telling) (?:me )?(?:to|that i "
        r"should|i should) (?:go )?(?:kill|hang|shoot|off) myself\b",
    ),
    (
        ABUSE,
        _URGENT,
        "assailant",
        r"hits|hit|beats|beat|beating|hitting|chokes|choked|choking|strangles|strangled|strangling"
        r"|kicks|kicking|slaps|slapped|slapping|punches|punched|punching|rapes|raped|raping|assaul"
        r"ts|assaulted|molests|molested|molesting|abuses|abused|abusing|tortures|tortured|threaten"
        r"\w*|touching|touches|touched",
        r"\b(?:hits|hit|beats|beat|beating|hitting|chokes|choked|choking|strangles|strangled|"
        r"strangling|kicks|kicking|slaps|slapped|slapping|punches|punched|punching|"
        r"rapes|raped|raping|assaults|assaulted|molests|molested|molesting|abuses|abused|"
        r"abusing|tortures|tortured) (?:me|us)\b(?! (?:up|with a pillow|at (?:chess|cards|"
        r"games)|hard|harder)\b)|\bthreaten(?:s|ed|ing)? to (?:kill|hurt|hit|beat|stab|shoot) "
        r"(?:me|us|my)\b|\b(?:keeps|kept|has been|started|starts|keep) (?:on )?touching me\b|"
        r"\b(?:touches|touched|touching) me (?:inappropriately|down there|where|"
        r"without)\b",
    ),
    (
        ABUSE,
        _URGENT,
        "victim",
        r"abused|raped|assaulted|molested|beaten|trafficked|groomed|strangled|choked",
        r"\b(?:i'?m|i am|being|been|was|i'?ve been|getting) (?:being |been |repeatedly |"
        r"constantly |always |often |getting |still )?(?:sexually |physically |emotionally |"
        r"verbally )?(?:abused|raped|assaulted|molested|beaten(?! (?:at|in|by (?:a|the) "
        r"(?:team|score))\b)|trafficked|groomed|strangled|choked)\b",
    ),
    (
        ABUSE,
        _URGENT,
        "victim",
        r"safe|unsafe|scared|afraid|terrified|frightened|fear|gun|knife|weapon|kill|hurt|hit|beat",
        r"\b(?:(?:don'?t|do not|doesn'?t|never) feel safe|(?:not|never|isn'?t) safe|unsafe|"
        r"scared to go) (?:at home|in my (?:own )?(?:home|house|room)|with (?:him|her|them|"
        r"my \w+)|around (?:him|her|them|my \w+)|here|anymore|home)\b|\b(?:scared|afraid|"
        r"terrified|frightened|fear) (?:that )?(?:he|she|they|my \w+)(?:'ll| will| is going to|"
        r" might| would|'s going to| is gonna|'s gonna) (?:kill|hurt|hit|beat|find|strangle|"
        r"rape) (?:me|us)\b|\b(?:he|she|they) (?:has|had|have|keeps) a (?:gun|knife|weapon) "
        r"(?:and|to|pointed)\b|\b(?:said|says|swore|threatened|threatens|told me|tells me)"
        r"(?: [\w']+){0,4} (?:he|she|they)(?:'ll| will| would|'d| is going to|'s going to| is "
        r"gonna) (?:kill|hurt|hit|beat) (?:me|us)\b|\b(?:he|she|they) (?:said|says|swore|told me) "
        r"(?:he|she|they)"
        r"(?:'ll|'d| will| would| is going to) (?:kill|hurt) (?:me|us)\b",
    ),
    (
        ABUSE,
        _CONCERN,
        "assailant",
        r"hurts|hurt|pushed|pushes|shoved|shoves|grabbed|grabs|forced|forces|controls|controlling|"
        r"screams|yells|yelled|screamed|kicked|locks|locked|stalks|stalking|follows|followed|isola"
        r"tes|isolating|threatens|threatened|manipulates|gaslights|humiliates",
        r"\b(?:hurts|hurt|pushed|pushes|shoved|shoves|grabbed|grabs|forced|forces|controls|"
        r"controlling|screams at|yells at|yelled at|screamed at|kicked|locks|locked|stalks|"
        r"stalking|follows|followed|isolates|isolating|threatens|threatened|manipulates|"
        r"gaslights|humiliates) (?:me|us)(?: (?:out|in|up|around|against|into|to))?\b",
    ),
    (
        ABUSE,
        _CONCERN,
        "victim",
        r"domestic|abusive|violent|grooming|groomed",
        r"\bdomestic (?:violence|abuse)\b|\b(?:abusive|violent) (?:relationship|partner|"
        r"husband|wife|boyfriend|girlfriend|home|household|parents?|father|mother|dad|mom|"
        r"stepdad|stepmom|ex|family)\b|\b(?:grooming|groomed) me\b",
    ),
    (
        ABUSE,
        _CONCERN,
        "other",
        r"hits|beats|chokes|strangles|kicks|slaps|punches|rapes|raped|molests|molested|abuses|abus"
        r"ed|threatens|touches",
        r"\b(?:he|she|they|(?:my|her|his) (?:\w+ )?(?:" + _RELATIVES + r")) (?:hits|beats|"
        r"chokes|strangles|kicks|slaps|punches|rapes|raped|molests|molested|abuses|abused|"
        r"threatens to kill|touches) (?:her|him|them|my (?:\w+ )?(?:" + _RELATIVES + r"))\b",
    ),
    # --- a goodbye
    (
        GOODBYE,
        _URGENT,
        "look",
        r"last|final|goodbye|goodbyes|goodnight|night|bye|farewell|alive|longer|anymore|long|morni"
        r"ng|monday|weekend|side|gone|note|letter|letters|notes|message|messages|video|videos|forg"
        r"ive|sorry",
        r"\b(?:this is|this'?ll be|this will be|it'?s|here'?s) (?:my|the) (?:last|final) "
        r"(?:post|message|goodbye|words|note|entry|letter)\b(?! (?:for|of|before|until|today|"
        r"tonight|here|in this|on this|about|on the)\b)|\bgoodbye (?:forever|for good|for ever|"
        r"cruel world|world|everyone,? (?:forever|for good)|and thank you for everything)\b|"
        r"\b(?:final|last) goodbyes?\b|\b(?:goodnight|good night|bye|farewell) (?:forever|for good|"
        r"world|cruel world)\b|\b(?:goodbye|bye)[,.! ]+(?:i'?m sorry|forgive me|i love you "
        r"all)\b|\bthis is goodbye\b|\bi'?m (?:saying|writing) (?:my )?"
        r"goodbyes?\b(?! to (?:my|the|our|this) (?:old|house|home|apartment|flat|city|job|"
        r"school|dog|cat|pets?|twenties|car)\b)|\b(?:won'?t|will not|wont) be "
        r"(?:here|around|alive) (?:much longer|for much longer|anymore|by (?:tomorrow|morning|"
        r"monday|the weekend)|for long)\b|\bwon'?t be alive\b|\b(?:thank you|thanks) for "
        r"everything[^.!?\n]{0,40}(?:goodbye|bye|farewell|i'?m sorry|forgive me)\b|\bi love "
        r"(?:you all|you guys|all of you)[^.!?\n]{0,30}(?:goodbye|i'?m sorry|forgive me)\b|"
        r"\bsee you (?:all )?on the other side\b|\bif i'?m (?:gone|not here|dead|not around) "
        r"(?:tomorrow|by morning|tonight|soon)\b|\b(?:wrote|writing|written|write|left|"
        r"leaving) (?:a |my |the |some )?(?:goodbye|farewell|suicide|last) (?:note|letters?|"
        r"notes|messages?|videos?)\b|\bplease (?:take care of|look after) my (?:cat|dog|kids|"
        r"children|pets?|son|daughter) (?:for me )?(?:when|after|once) i'?m gone\b|\bforgive "
        r"me for what i'?m about to do\b|\bi'?m sorry for what i'?m about to do\b",
    ),
    (
        GOODBYE,
        _URGENT,
        "look",
        r"time",
        r"\bby the time (?:you|anyone|someone|they|u) (?:read|reads|see|sees|find|finds|get|"
        r"gets) this\b",
    ),
    (
        GOODBYE,
        _CONCERN,
        "look",
        r"giving|gave|give|gone|loose|goodbye",
        r"\b(?:giving|gave|give) away (?:all )?(?:of )?(?:my) (?:stuff|things|belongings|"
        r"possessions|pets?|cat|dog|plants|savings|guitar|books)\b|\b(?:when|after|once) i'?m "
        r"gone\b|\b(?:tying up|tie up) loose ends\b|\bsaying goodbye to (?:everyone|everybody|"
        r"you all|my family|my friends)\b",
    ),
]


@dataclass(frozen=True)
class _Rule:
    index: int
    reason: str
    severity: int
    mode: str
    trigger: re.Pattern[str]
    pattern: re.Pattern[str]


_RULES = tuple(
    _Rule(i, reason, severity, mode, re.compile(trigger), re.compile(pattern))
    for i, (reason, severity, mode, trigger, pattern) in enumerate(_LEXICON)
)
_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# word -> the rules it triggers; filled as words are seen (bounded).
_RULES_OF_WORD: dict[str, tuple[_Rule, ...]] = {}
_RULES_OF_WORD_MAX = 100_000


def _rules_of(word: str) -> tuple[_Rule, ...]:
    found = _RULES_OF_WORD.get(word)
    if found is None:
        found = tuple(rule for rule in _RULES if rule.trigger.fullmatch(word))
        if len(_RULES_OF_WORD) < _RULES_OF_WORD_MAX:
            _RULES_OF_WORD[word] = found
    return found


# ---------------------------------------------------------------------------------------
# Other locales: a conservative keyword list (accent-folded, lower case). No negation or
# person logic: any hit counts.

_FALLBACK_KEYWORDS: dict[str, list[tuple[str, str]]] = {
    # Spanish
    "es": [
        (
            SUICIDAL_THOUGHTS,
            r"suicid\w*|matarme|quitarme la vida|acabar con mi vida|"
            r"(?:me )?quiero morir|quiero morirme|no quiero (?:seguir )?vivir|ganas de morir|"
            r"no vale la pena vivir|desaparecer para siempre",
        ),
        (SELF_HARM, r"cortarme|me corto|autolesion\w*|hacerme dano|lastimarme"),
        (PLAN_OR_MEANS, r"sobredosis|ahorcarme|tirarme (?:de|por|al)"),
        (GOODBYE, r"adios para siempre|mi ultimo mensaje|carta de despedida"),
        (ABUSE, r"me (?:pega|golpea|viola|amenaza)|abusa de mi|abuso sexual|maltrat\w*"),
    ],
    # French
    "fr": [
        (
            SUICIDAL_THOUGHTS,
            r"suicid\w*|me tuer|envie de mourir|veux mourir|en finir|"
            r"mettre fin a (?:mes jours|ma vie)|plus envie de vivre|ne veux plus vivre",
        ),
        (SELF_HARM, r"me faire du mal|scarifi\w*|automutil\w*|me couper|me mutiler"),
        (PLAN_OR_MEANS, r"surdose|overdose|me pendre|sauter d'un pont|me jeter (?:sous|du|d')"),
        (GOODBYE, r"adieu pour toujours|mon dernier message|lettre d'adieu"),
        (ABUSE, r"me (?:frappe|bat|viole|menace)|m'a violee?|maltrait\w*|violence conjugale"),
    ],
    # German
    "de": [
        (
            SUICIDAL_THOUGHTS,
            r"suizid\w*|selbstmord\w*|mich umbringen|mich toten|will sterben|"
            r"sterben will|nicht mehr leben|mir das leben nehmen|lebensmude",
        ),
        (SELF_HARM, r"ritzen|ritze mich|selbstverletz\w*|mich verletzen|mir wehtun"),
        (
            PLAN_OR_MEANS,
            r"uberdosis|mich erhangen|von (?:der|einer) brucke springen|"
            r"vor den zug",
        ),
        (GOODBYE, r"abschiedsbrief|lebt wohl fur immer|meine letzte nachricht"),
        (
            ABUSE,
            r"(?:schlagt|missbraucht|vergewaltigt|bedroht) mich|missbrauch\w*|"
            r"hausliche gewalt",
        ),
    ],
    # Portuguese
    "pt": [
        (
            SUICIDAL_THOUGHTS,
            r"suicid\w*|me matar|quero morrer|nao quero (?:mais )?viver|"
            r"tirar (?:a )?minha (?:propria )?vida|acabar com (?:a )?minha vida|vontade de morrer",
        ),
        (SELF_HARM, r"me cortar|me corto|automutila\w*|me machucar|me ferir"),
        (PLAN_OR_MEANS, r"overdose|me enforcar|pular da ponte|me jogar (?:da|de|na)"),
        (GOODBYE, r"adeus para sempre|minha ultima mensagem|carta de despedida"),
        (
            ABUSE,
            r"me (?:bate|espanca|estuprou|ameaca)|abusou de mim|abuso sexual|"
            r"violencia domestica",
        ),
    ],
    # Italian
    "it": [
        (
            SUICIDAL_THOUGHTS,
            r"suicid\w*|uccidermi|ammazzarmi|togliermi la vita|voglio morire|"
            r"non voglio piu vivere|farla finita|voglia di morire",
        ),
        (SELF_HARM, r"farmi del male|tagliarmi|autolesion\w*|mi taglio"),
        (PLAN_OR_MEANS, r"overdose|impiccarmi|buttarmi (?:da|dal|sotto)"),
        (GOODBYE, r"addio per sempre|il mio ultimo messaggio|lettera d'addio"),
        (
            ABUSE,
            r"mi (?:picchia|violenta|minaccia)|abusa di me|violenza domestica|"
            r"maltrattament\w*",
        ),
    ],
    # Dutch
    "nl": [
        (
            SUICIDAL_THOUGHTS,
            r"zelfmoord\w*|suicid\w*|dood wil|mezelf van kant|wil niet meer "
            r"leven|wil dood",
        ),
        (SELF_HARM, r"mezelf (?:iets aandoen|snijden|pijn doen)|zelfbeschadig\w*"),
        (ABUSE, r"slaat mij|slaat me|misbruikt|huiselijk geweld"),
    ],
    # Polish
    "pl": [
        (SUICIDAL_THOUGHTS, r"samoboj\w*|zabic sie|chce umrzec|nie chce zyc"),
        (SELF_HARM, r"samookalecz\w*|tne sie|ciac sie"),
        (ABUSE, r"bije mnie|przemoc domowa"),
    ],
    # English words people often write whatever their locale
    "en": [
        (
            SUICIDAL_THOUGHTS,
            r"suicid\w*|kill myself|kms|want to die|wanna die|end my life|"
            r"take my (?:own )?life|don'?t want to live",
        ),
        (SELF_HARM, r"self[- ]?harm\w*|cut myself|cutting myself|hurt myself"),
        (PLAN_OR_MEANS, r"overdose|hang myself"),
        (ABUSE, r"(?:hits|beats|rapes|raped|abuses) me"),
    ],
}
_FALLBACK_SEVERITY = {
    SUICIDAL_THOUGHTS: _URGENT,
    SELF_HARM: _URGENT,
    PLAN_OR_MEANS: _URGENT,
    GOODBYE: _URGENT,
    ABUSE: _URGENT,
    HARM_TO_OTHERS: _CONCERN,
}
_FALLBACK_PARTS = [
    (reason, pattern) for entries in _FALLBACK_KEYWORDS.values() for reason, pattern in entries
]
_FALLBACK_RE = re.compile(
    "|".join(f"(?P<k{i}>\\b(?:{p})\\b)" for i, (_, p) in enumerate(_FALLBACK_PARTS))
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_TRANSLATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


# ---------------------------------------------------------------------------------------
# Screening.


@dataclass(frozen=True)
class Signal:
    """One matched phrase and how the rules read it."""

    reason: str
    level: int  # 0 none, 1 concern, 2 urgent
    start: int
    end: int
    # writer, writer-past, writer-recovered, other, other-past, you, general, negated,
    # quoted, lyrics, laughing, aimed, idiom
    why: str


@dataclass(frozen=True)
class RuleScreen:
    level: int
    reasons: tuple[str, ...]
    signals: tuple[Signal, ...]
    # What the model reads: the text without idioms, lyrics, and without every sentence
    # in which the rules found a phrase (the rules have read those).
    model_text: str


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


@dataclass
class _Text:
    """The normalized text, its sentences and the clause boundaries inside read sentences."""

    work: str
    sentences: list[tuple[int, int]]
    sentence_starts: list[int]
    clause_ends: list[int]
    capped: list[tuple[int, int]]
    capped_starts: list[int]
    lyric_message: bool

    def sentence(self, position: int) -> tuple[int, int]:
        return self.sentences[bisect_right(self.sentence_starts, position) - 1]

    def clause(self, position: int, sentence: tuple[int, int]) -> tuple[int, int]:
        index = bisect_right(self.clause_ends, position)
        start = max(self.clause_ends[index - 1], sentence[0]) if index > 0 else sentence[0]
        end = self.clause_ends[index] if index < len(self.clause_ends) else len(self.work)
        return start, min(end, sentence[1])


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _idiom(match: re.Match[str]) -> str:
    phrase = match.group(0)
    if "kill" in phrase and "me" in phrase:
        around = match.string[max(0, match.start() - 60) : match.end() + 60]
        if _THREAT_CONTEXT_RE.search(around):
            return phrase
    return _blank(match)


def _prepare(
    norm: str,
    sentences: list[tuple[int, int]],
    read: list[int],
    idioms: list[int],
    lyric_message: bool,
) -> _Text:
    """Blank idioms and lyrics in the sentences to read; find quotes and clauses."""
    if idioms:
        pieces = []
        last = 0
        for index in idioms:
            start, end = sentences[index]
            pieces.append(norm[last:start])
            pieces.append(_IDIOM_RE.sub(_idiom, norm[start:end]))
            last = end
        pieces.append(norm[last:])
        work = "".join(pieces)
    else:
        work = norm
    if "\n" in work and (lyric_message or "♪" in work):
        work = _LYRIC_LINE_RE.sub(_blank, work)
        work = _LYRIC_BLOCK_RE.sub(_blank, work)

    # Quotes: lyrics and sayings are blanked; other people's quoted words are capped.
    capped: list[tuple[int, int]] = []
    if '"' in work or " '" in work or work.startswith("'") or "♪" in work:
        pieces = []
        last = 0
        for match in _QUOTE_RE.finditer(work):
            before = work[max(0, match.start() - 80) : match.start()]
            if lyric_message or _SONG_SAYS_RE.search(before):
                pieces.append(work[last : match.start()])
                pieces.append(" " * (match.end() - match.start()))
                last = match.end()
            elif not _SELF_SPEECH_RE.search(before):
                capped.append((match.start(), match.end()))
        if pieces:
            pieces.append(work[last:])
            work = "".join(pieces)
    clause_ends: list[int] = []
    for index in read:
        start, end = sentences[index]
        clause_ends.extend(m.end() for m in _CLAUSE_END_RE.finditer(work, start, end))
    return _Text(
        work=work,
        sentences=sentences,
        sentence_starts=[s for s, _ in sentences],
        clause_ends=clause_ends,
        capped=capped,
        capped_starts=[s for s, _ in capped],
        lyric_message=lyric_message,
    )


def rule_screen(text: str, *, every_sentence: bool = False) -> RuleScreen:
    """The English rules alone (``screen_risk`` adds the model).

    Each sentence is tried only against the rules its words trigger; ``every_sentence``
    tries every rule everywhere (slow; the tests compare both).
    """
    norm = _normalize(text)
    sentences = _sentences(norm)
    read: list[int] = []
    idioms: list[int] = []
    rules_to_try: list[tuple[_Rule, ...]] = []
    lyric_message = any(sign in norm for sign in _LYRIC_SIGNS)
    for index, (start, end) in enumerate(sentences):
        words = _TOKEN_RE.findall(norm, start, end)
        if not lyric_message and not _LYRIC_WORDS.isdisjoint(words):
            lyric_message = True
        found: set[_Rule] = set()
        if every_sentence:
            found.update(_RULES)
        else:
            for word in words:
                rules = _RULES_OF_WORD.get(word)
                found.update(_rules_of(word) if rules is None else rules)
        if found:
            read.append(index)
            rules_to_try.append(tuple(sorted(found, key=lambda rule: rule.index)))
            if every_sentence or any(_IDIOM_WORDS.fullmatch(word) for word in words):
                idioms.append(index)
    if not read:
        return RuleScreen(level=_NONE, reasons=(), signals=(), model_text=norm)

    prepared = _prepare(norm, sentences, read, idioms, lyric_message)
    work = prepared.work
    signals: list[Signal] = []
    for index, rules in zip(read, rules_to_try, strict=True):
        sentence = sentences[index]
        # Leftmost match first; at the same start the longer (more specific) one, then the
        # earlier rule; no overlaps.
        matches = sorted(
            (
                (match.start(), rule.index, match)
                for rule in rules
                for match in rule.pattern.finditer(work, sentence[0], sentence[1])
            ),
            key=lambda item: (item[0], -item[2].end(), item[1]),
        )
        taken_to = -1
        for start, rule_index, match in matches:
            if start < taken_to:
                continue
            taken_to = max(match.end(), start + 1)
            rule = _RULES[rule_index]
            signals.append(_read(prepared, match, rule.reason, rule.severity, rule.mode, sentence))

    level = max((s.level for s in signals), default=_NONE)
    reasons = _ordered_reasons(s.reason for s in signals if s.level == level and level > _NONE)
    # The model reads the sentences the rules did not.
    read_sentences = sorted({prepared.sentence(s.start) for s in signals})
    pieces = []
    last = 0
    for start, end in read_sentences:
        pieces.append(work[last:start])
        pieces.append(" " * (end - start))
        last = end
    pieces.append(work[last:])
    return RuleScreen(
        level=level, reasons=reasons, signals=tuple(signals), model_text="".join(pieces)
    )


def _ordered_reasons(found: Iterable[str]) -> tuple[str, ...]:
    present = set(found)
    return tuple(r for r in REASONS if r in present)


def _read(
    prepared: _Text,
    match: re.Match[str],
    reason: str,
    severity: int,
    mode: str,
    sentence: tuple[int, int],
) -> Signal:
    work = prepared.work
    start, end = match.start(), match.end()
    phrase = match.group(0)
    clause = prepared.clause(start, sentence)

    def signal(level: int, why: str) -> Signal:
        return Signal(reason=reason, level=level, start=start, end=end, why=why)

    # A negation just before the phrase, in its clause ("I would never hurt myself").
    prefix = work[max(clause[0], start - 40) : start]
    near = " ".join(prefix.split()[-4:])
    if near and _NEGATION_RE.search(_NOT_NEGATION_RE.sub(" ", near)):
        return signal(_NONE, "negated")
    if _NO_THOUGHTS_RE.search(prefix):
        return signal(_NONE, "negated")
    if _AFTER_NEGATION_RE.match(work, end):
        return signal(_NONE, "negated")

    if mode == "aimed":
        return signal(min(severity, _CONCERN), "aimed")

    person = _person(work, phrase, mode, start, sentence, clause)
    if person in ("second", "generic", "none"):
        return signal(_NONE, {"second": "you", "generic": "general"}.get(person, "idiom"))

    past, recovered = _time(work, prefix + phrase, start, end, sentence, clause)
    if person == "third":
        if past:
            return signal(_NONE, "other-past")
        level = _CONCERN
        if reason == HARM_TO_OTHERS and severity == _URGENT:
            level = _URGENT  # someone threatening to hurt people is urgent whoever it is
        why = "other"
    elif past:
        if recovered:
            return signal(_NONE, "writer-recovered")
        level = _CONCERN if severity == _URGENT else _NONE
        why = "writer-past"
    else:
        level = severity
        why = "writer"

    lead_in = work[max(sentence[0], start - 120) : end]
    if prepared.lyric_message and level > _NONE and _SONG_SAYS_RE.search(lead_in):
        return signal(_NONE, "lyrics")
    if level > _CONCERN:
        if prepared.capped and _inside(prepared.capped, prepared.capped_starts, start):
            return signal(_CONCERN, "quoted")
        if _LAUGH_RE.search(work, max(0, start - 40), end + 40):
            return signal(_CONCERN, "laughing")
    return signal(level, why)


def _person(
    work: str,
    phrase: str,
    mode: str,
    start: int,
    sentence: tuple[int, int],
    clause: tuple[int, int],
) -> str:
    """Who the phrase is about: first, second, third, generic, or none (not a person)."""
    if mode == "other":
        return "third"
    if mode == "assailant":
        # "he hits me": the writer is hurt by a person; "it hit me" is not abuse.
        looked = _look_back(work, start, sentence[0])
        return "first" if looked in ("third", "second", "generic") else "none"
    if mode == "victim":
        if _VICTIM_FIRST_RE.search(phrase):
            return "first"
        return _look_back(work, start, sentence[0]) or "first"
    if mode != "subject":
        if _SECOND_IN_MATCH_RE.search(phrase):
            return "second"
        if _THIRD_IN_MATCH_RE.search(phrase):
            return "third"
        if mode != "noun" and _FIRST_IN_MATCH_RE.search(phrase):
            return "first"
    looked = _look_back(work, start, sentence[0])
    if looked is None and _CONDITIONAL_RE.match(work, clause[0]):
        return "generic"  # "if the urge comes back, ..." (said to anyone)
    if mode == "noun" and looked in (None, "first"):
        # "I'm suicidal", "my self-harm", "feeling suicidal": the writer. "I know how heavy
        # suicidal thoughts get" or "suicide is never the answer": talk about it.
        if _FEELING_CUE_RE.search(work, max(clause[0], start - 40), start):
            return "first"
        if clause[0] < start - 80:
            return "generic"
        fragment = work[clause[0] : min(clause[1], start + 80)]
        return "first" if len(fragment.split()) <= 4 else "generic"
    return looked or "first"


def _look_back(work: str, start: int, sentence_start: int) -> str | None:
    last = None
    for last in _SUBJECT_RE.finditer(work, max(sentence_start, start - 60), start):  # noqa: B007
        pass
    return last.lastgroup if last is not None else None


def _time(
    work: str,
    lead: str,
    start: int,
    end: int,
    sentence: tuple[int, int],
    clause: tuple[int, int],
) -> tuple[bool, bool]:
    """(is the phrase in the past, is it told as something got through)."""
    # Bounded: a very long sentence or clause is read by the part around the phrase, which
    # keeps the whole screen linear in the length of the text.
    text = work[max(sentence[0], start - 300) : min(sentence[1], end + 300)]
    recovered = _RECOVERY_RE.search(text) is not None
    if _USED_TO_RE.search(lead):
        return True, recovered
    part = work[max(clause[0], start - 200) : min(clause[1], end + 200)]
    if _PAST_RE.search(part) or _RECOVERY_RE.search(part):
        return True, recovered
    if _PAST_RE.search(text) or recovered:
        present = _PRESENT_RE.search(_RECOVERY_RE.sub(" ", text))
        return present is None, recovered
    return False, False


def _model_score(probability: float, concern_at: float, urgent_at: float) -> float:
    """Map the model's probability so that its thresholds land on CONCERN_AT / URGENT_AT."""
    if probability < concern_at:
        return CONCERN_AT * probability / concern_at
    if probability < urgent_at:
        return CONCERN_AT + (URGENT_AT - CONCERN_AT) * (probability - concern_at) / (
            urgent_at - concern_at
        )
    return URGENT_AT + 0.35 * (probability - urgent_at) / max(1e-9, 1.0 - urgent_at)


def _rule_score(level: int, reasons: int) -> float:
    if level == _URGENT:
        return min(0.99, 0.9 + 0.03 * (reasons - 1))
    if level == _CONCERN:
        return min(0.49, 0.4 + 0.03 * (reasons - 1))
    return 0.0


def _level_of(score: float) -> RiskLevel:
    if score >= URGENT_AT:
        return "urgent"
    if score >= CONCERN_AT:
        return "concern"
    return "none"


def model_thresholds() -> tuple[float, float] | None:
    """The risk model's (concern, urgent) probability thresholds, or None without a model."""
    risk_model = _model.get(RISK_MODEL)
    if risk_model is None:
        return None
    return float(risk_model.meta["concern_at"]), float(risk_model.meta["urgent_at"])


def screen_risk(text: str, *, locale: str = "en") -> Risk:
    if not text or text.isspace():
        return Risk(fallback=_language(locale) not in SUPPORTED_LOCALES)
    if _language(locale) not in SUPPORTED_LOCALES:
        return _screen_fallback(text)

    rules = rule_screen(text)
    score = _rule_score(rules.level, len(rules.reasons))
    reasons = rules.reasons
    risk_model = _model.get(RISK_MODEL)
    if rules.level < _URGENT and risk_model is not None and _enough_words(rules.model_text):
        concern_at = float(risk_model.meta["concern_at"])
        urgent_at = float(risk_model.meta["urgent_at"])
        model_score = _model_score(risk_model.probability(rules.model_text), concern_at, urgent_at)
        if model_score > score:
            if _level_of(model_score) != _level_of(score):
                # The model was trained on posts from a suicide-crisis forum.
                reasons = _ordered_reasons((*reasons, SUICIDAL_THOUGHTS))
            score = model_score
    level = _level_of(score)
    return Risk(level=level, score=score, reasons=reasons if level != "none" else ())


def _enough_words(text: str) -> bool:
    words = _WORD_RE.finditer(text)
    return all(next(words, None) is not None for _ in range(MODEL_MIN_WORDS))


def _language(locale: str | None) -> str:
    if not locale:
        return "en"
    return locale.replace("_", "-").split("-")[0].strip().lower() or "en"


def _screen_fallback(text: str) -> Risk:
    found: set[str] = set()
    level = _NONE
    for match in _FALLBACK_RE.finditer(_fold(text)):
        group = match.lastgroup
        if group is None:  # pragma: no cover
            continue
        reason = _FALLBACK_PARTS[int(group[1:])][0]
        found.add(reason)
        level = max(level, _FALLBACK_SEVERITY[reason])
    if level == _NONE:
        return Risk(fallback=True)
    reasons = _ordered_reasons(found)
    return Risk(
        level=_LEVEL_NAMES[level],
        score=_rule_score(level, len(reasons)),
        reasons=reasons,
        fallback=True,
    )


__all__ = [
    "CONCERN_AT",
    "REASONS",
    "REASON_LABELS",
    "SUPPORTED_LOCALES",
    "URGENT_AT",
    "RuleScreen",
    "Signal",
    "model_thresholds",
    "rule_screen",
    "screen_risk",
]
