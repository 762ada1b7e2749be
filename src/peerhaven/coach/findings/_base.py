"""Shared tools for the finding rules: pattern compiling, sentence and clause bounds, quotes.

Every offset here is an index into the original text; nothing is matched against a
normalized copy, so a match's span is always a valid slice of what the person typed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

from peerhaven.coach.types import GUIDELINE_OF_KIND, Finding

# Straight, curly and modifier apostrophes all count as one.
_APOSTROPHE = "['’ʼ]"
FLAGS = re.IGNORECASE | re.MULTILINE
# How far back the context checks look from a match.
LOOKBACK = 240


class Rx:
    """A rule pattern compiled twice: case-insensitively, for any string, and case-sensitively,
    for the lower-cased copy of a scanned text (several times faster). The lower-cased copy is
    only used when it has the same length as the original, so its offsets are the original's.

    A leading \\b is dropped from the fast version (so the engine can skip ahead to the first
    letter) and checked on each match instead."""

    __slots__ = ("any", "low", "word_start")

    def __init__(self, pattern: str, flags: int = FLAGS) -> None:
        self.any = re.compile(pattern, flags | re.IGNORECASE)
        self.word_start = pattern.startswith("\\b")
        fast = pattern[2:] if self.word_start else pattern
        # Patterns with case-sensitive parts ("(?-i:ADD)") always use the original text.
        self.low = None if "(?-i:" in pattern else re.compile(fast, flags & ~re.IGNORECASE)

    # On the whole scanned text.
    def iter(self, scan: TextScan) -> Iterator[re.Match[str]]:
        folded = scan.folded
        if self.low is None or folded is None:
            yield from self.any.finditer(scan.text)
            return
        if not self.word_start:
            yield from self.low.finditer(folded)
            return
        for m in self.low.finditer(folded):
            if _starts_word(folded, m.start()):
                yield m

    def at(self, scan: TextScan, pos: int) -> re.Match[str] | None:
        folded = scan.folded
        if self.low is None or folded is None:
            return self.any.match(scan.text, pos)
        if self.word_start and not _starts_word(folded, pos):
            return None
        return self.low.match(folded, pos)

    def find_in(self, scan: TextScan, pos: int, endpos: int) -> re.Match[str] | None:
        folded = scan.folded
        if self.low is None or folded is None or self.word_start:
            return self.any.search(scan.text, pos, endpos)
        return self.low.search(folded, pos, endpos)

    # On any string (prefixes, fragments).
    def search(self, text: str) -> re.Match[str] | None:
        return self.any.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.any.match(text)

    def sub(self, replacement: str, text: str, count: int = 0) -> str:
        return self.any.sub(replacement, text, count=count)


@lru_cache(maxsize=512)
def _frozen(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


_WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")


def _starts_word(text: str, pos: int) -> bool:
    """Whether a match starting at pos starts a word (what a leading \\b would check)."""
    if pos == 0 or pos >= len(text):
        return True
    before, first = text[pos - 1], text[pos]
    return not ((before.isalnum() or before == "_") and (first.isalnum() or first == "_"))


def rx(pattern: str, flags: int = FLAGS) -> Rx:
    """Compile a rule. A plain ' in the pattern matches any apostrophe (keep it out of [...]).
    Write patterns in lower case: the fast path matches them against lower-cased text."""
    return Rx(pattern.replace("'", _APOSTROPHE), flags)


# Punctuation that may end a sentence or a clause; _compute_bounds decides which.
_PUNCTUATION = re.compile(r"[.!?…]+|[;\n,()\[\]:–—]|-+")
_CLOSING = frozenset("\"')]”’*_~")
# Words that start a new clause inside a sentence (used for spans and directive checks).
_CONJUNCTION = rx(
    r"\b(?:but|because|cause|cuz|coz|bc|though|although|unless|since|which|so\s+that|yet|"
    r"so|plus)\b"
)
_SPAN_STOP = rx(
    r"\s(?:but|because|cause|cuz|coz|bc|though|although|unless|since|which|so\s+that|yet|"
    r"and\s+(?:it|it's|i|i'm|that|this|he|she|they|we|now|then|everyone|nobody))\b"
)
# Quoted passages: double quotes, typographic quotes, guillemets, single quotes that are
# not apostrophes, and Markdown block quotes.
_QUOTED = re.compile(
    r"\"[^\"\n]{1,300}\""
    r"|“[^”]{1,300}”"
    r"|„[^“”]{1,300}[“”]"
    r"|«[^»]{1,300}»"
    r"|‘(?:[^’\n]|(?<=\w)’(?=\w)){1,300}?’(?!\w)"
    r"|(?<![\w'])'(?=\S)(?:[^'\n]|(?<=\w)'(?=\w)){1,300}?(?<=\S)'(?!\w)"
    r"|^[ \t]*>[^\n]*",
    re.MULTILINE,
)

# Someone else's words being passed on: "my doctor said…", "people keep telling me to…".
_REPORTED = rx(
    r"\b(?:said|says|saying|told|tells|telling|keeps?\s+(?:saying|telling)|asked\s+me|"
    r"asks\s+me|suggested|suggests|recommended|recommends|advised|advises|wrote|posted|"
    r"yelled|shouted|screamed|replied|responded|(?:was|is|were|are)\s+like|reminded|reminds|"
    r"mentioned|claims?|claimed|insists?|insisted|(?:wants?|wanted|expects?|expected)\s+me\s+to|"
    r"according\s+to|heard\s+(?:that|people|someone|them|him|her)|quote|quoting|"
    r"tell\s+(?:me|us)|thinks|believes|assumes|assumed|acts?\s+like|treats?\s+me\s+like|"
    r"(?:they|people|everyone|everybody|others|some|he|she|you)\s+(?:\w+\s+)?say)\b"
)
# A negation before a phrase turns it around: "I don't think you're overreacting".
_NEGATION = rx(
    r"(?:\b(?:not|never|no|none|nothing|nobody|noone|without|hardly|neither|nor)\b|n't\b|"
    r"\bno\s+one\b)"
)
# Reflective questions ("do you feel like you're overreacting?") ask; they don't judge.
_ASKING = rx(
    r"\b(?:do|does|did|are|is|was|were|would|could|can|have|has)\s+(?:you|u|people|others)\s+"
    r"(?:ever\s+|sometimes\s+|really\s+|still\s+)?(?:think|feel|believe|worry|wonder|find|"
    r"get\s+told|hear)\b"
    r"|\b(?:wonder(?:ing)?|asking)\s+(?:if|whether)\b"
)


class TextScan:
    """One text with its sentence, clause and quote bounds, computed once for all the rules."""

    __slots__ = (
        "_clauses",
        "_conjunctions",
        "_quoted",
        "_sentences",
        "_words",
        "folded",
        "lower",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.lower = text.lower()
        # The lower-cased text when offsets carry over (almost always), else None.
        self.folded: str | None = self.lower if len(self.lower) == len(text) else None
        self._conjunctions: tuple[list[int], list[int]] | None = None
        self._words: frozenset[str] | None = None
        self._sentences: tuple[list[int], list[int]] | None = None
        self._clauses: tuple[list[int], list[int]] | None = None
        self._quoted: tuple[list[int], list[int]] | None = None

    # --- bounds -------------------------------------------------------------------------
    @staticmethod
    def _bounds(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
        starts: list[int] = []
        ends: list[int] = []
        for m in pattern.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
        return starts, ends

    def _compute_bounds(self) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]]]:
        """Sentence ends: terminal punctuation followed by a space, a closing mark or the end
        ("10.5" and "e.g.x" are not ends), a semicolon, a colon before a space, a line break or
        a spaced dash. Clause ends add commas, brackets and any long dash."""
        text = self.text
        n = len(text)
        s_starts: list[int] = []
        s_ends: list[int] = []
        c_starts: list[int] = []
        c_ends: list[int] = []
        for m in _PUNCTUATION.finditer(text):
            start, end = m.start(), m.end()
            ch = text[start]
            after = text[end] if end < n else " "
            spaced = after.isspace() and start > 0 and text[start - 1].isspace()
            if ch in ".!?…":
                sentence = clause = after.isspace() or after in _CLOSING
            elif ch in ";\n":
                sentence = clause = True
            elif ch == ":":
                sentence = clause = after.isspace()
            elif ch in "–—":
                sentence, clause = spaced, True
            elif ch == "-":
                sentence = clause = spaced
            else:
                sentence, clause = False, True
            if sentence:
                s_starts.append(start)
                s_ends.append(end)
            if clause:
                c_starts.append(start)
                c_ends.append(end)
        return (s_starts, s_ends), (c_starts, c_ends)

    @property
    def sentences(self) -> tuple[list[int], list[int]]:
        if self._sentences is None:
            self._sentences, self._clauses = self._compute_bounds()
        return self._sentences

    @property
    def clauses(self) -> tuple[list[int], list[int]]:
        if self._clauses is None:
            self._sentences, self._clauses = self._compute_bounds()
        return self._clauses

    @staticmethod
    def _start_in(bounds: tuple[list[int], list[int]], pos: int) -> int:
        _, ends = bounds
        i = bisect_right(ends, pos)
        return ends[i - 1] if i else 0

    def _end_in(self, bounds: tuple[list[int], list[int]], pos: int) -> int:
        starts, _ = bounds
        i = bisect_left(starts, pos)
        return starts[i] if i < len(starts) else len(self.text)

    def sentence_start(self, pos: int) -> int:
        return self._start_in(self.sentences, pos)

    def sentence_end(self, pos: int) -> int:
        return self._end_in(self.sentences, pos)

    def clause_start(self, pos: int) -> int:
        return self._start_in(self.clauses, pos)

    def clause_end(self, pos: int) -> int:
        return self._end_in(self.clauses, pos)

    # --- what comes before a match --------------------------------------------------------
    # Prefixes look back at most LOOKBACK characters, so a long text without punctuation
    # costs no more per match than a short one.
    def sentence_prefix(self, pos: int) -> str:
        return self.text[max(self.sentence_start(pos), pos - LOOKBACK) : pos]

    def clause_prefix(self, pos: int) -> str:
        return self.text[max(self.clause_start(pos), pos - LOOKBACK) : pos]

    @property
    def conjunctions(self) -> tuple[list[int], list[int]]:
        if self._conjunctions is None:
            starts: list[int] = []
            ends: list[int] = []
            for m in _CONJUNCTION.iter(self):
                starts.append(m.start())
                ends.append(m.end())
            self._conjunctions = (starts, ends)
        return self._conjunctions

    def local_start(self, pos: int) -> int:
        """Start of the clause around pos, cut after the last conjunction before pos."""
        return max(self.clause_start(pos), self._start_in(self.conjunctions, pos))

    def local_prefix(self, pos: int) -> str:
        """The clause before pos, cut after the last conjunction ("it's hard but |just go")."""
        return self.text[max(self.local_start(pos), pos - LOOKBACK) : pos]

    def openings(self) -> list[int]:
        """Every position where a clause opens: the start, after a clause end, after a
        conjunction."""
        return sorted({0, *self.clauses[1], *self.conjunctions[1]})

    # --- cheap checks before running a rule ----------------------------------------------
    def has_any(self, keys: tuple[str, ...]) -> bool:
        """Whether any key is a word of the text; an empty tuple always passes."""
        if not keys:
            return True
        return not _frozen(keys).isdisjoint(self.words)

    @property
    def words(self) -> frozenset[str]:
        """The lower-cased words of the text (runs of letters and digits), with "#digit" when
        it has any digit."""
        if self._words is None:
            found = set(_WORD.findall(self.lower))
            if _DIGIT.search(self.text):
                found.add("#digit")
            self._words = frozenset(found)
        return self._words

    def is_reported(self, pos: int) -> bool:
        """Someone else's words passed on ("she told me to just get over it")."""
        return _REPORTED.search(self.sentence_prefix(pos)) is not None

    def is_negated(self, pos: int) -> bool:
        """A negation earlier in the clause ("I don't think you're overreacting")."""
        return _NEGATION.search(self.clause_prefix(pos)) is not None

    def is_reflective_question(self, pos: int) -> bool:
        """The sentence asks what they think or feel; a question like that doesn't judge."""
        end = self.sentence_end(pos)
        if not self.text.startswith("?", end):
            return False
        return _ASKING.search(self.sentence_prefix(pos)) is not None

    def ends_with_question(self, pos: int) -> bool:
        return self.text.startswith("?", self.sentence_end(pos))

    # --- quotes ---------------------------------------------------------------------------
    @property
    def quoted(self) -> tuple[list[int], list[int]]:
        if self._quoted is None:
            self._quoted = self._bounds(_QUOTED, self.text)
        return self._quoted

    def in_quote(self, pos: int) -> bool:
        starts, ends = self.quoted
        i = bisect_right(starts, pos)
        return bool(i) and pos < ends[i - 1]

    # --- spans --------------------------------------------------------------------------
    def span_end(self, start: int, minimum: int, *, limit: int = 160) -> int:
        """Where a finding starting at `start` ends: its clause's end, but at least `minimum`."""
        end = max(self.clause_end(minimum), minimum)
        end = min(end, start + limit) if end - start > limit else end
        stop = _SPAN_STOP.find_in(self, minimum, end)
        if stop is not None:
            end = stop.start()
        return trim_end(self.text, start, max(end, minimum))


_TRAILING = frozenset(" \t\r\n\f\v,;:-–—*_~\"'“”‘’(")


def trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def match_case(suggestion: str, original: str) -> str:
    """Capitalize the rewrite when the span started a sentence with a capital."""
    if suggestion and original[:1].isupper():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion


def finding(
    kind: str, start: int, end: int, message: str, suggestion: str | None = None
) -> Finding:
    return Finding(
        kind=kind,
        guideline=GUIDELINE_OF_KIND[kind],
        start=start,
        end=end,
        message=message,
        suggestion=suggestion,
    )


def without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Of findings of one kind that overlap, keep the earliest (the longest when tied)."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and f.start < kept[-1].end:
            continue
        kept.append(f)
    return kept


# --- directives (English) -------------------------------------------------------------------
# A phrase is a directive when nothing but discourse words, softeners or a "you should"-style
# lead comes before it in its clause: "just get over it", "You need to move on",
# "honestly, why don't you just let it go". "I need to get over it" and "it took me a year to
# get over it" are not.
_DIRECTIVE_FILLER = (
    r"(?:honestly|seriously|tbh|imo|imho|ngl|ok|okay|well|oh|hey|look|listen|dude|man|mate|bro|"
    r"sis|girl|hun|hon|friend|lol|lmao|i\s+mean|but|so|then|also|yes|yeah|yep|no|nah|"
    r"first|anyway|anyways|come\s+on|c'mon|cmon|please|pls|plz|just|maybe|really|simply|now|"
    r"i\s+think|i\s+feel\s+like|i\s+guess|sorry|sorry\s+but|frankly|bluntly|look\s+here)"
)
_DIRECTIVE_LEAD = (
    r"(?:(?:you|u|ya)(?:\s+(?:guys|all|really|just|definitely|probably|seriously|honestly|totally|"
    r"absolutely|still|also|both))*\s+(?:should|need\s+to|have\s+to|must|ought\s+to|gotta|"
    r"(?:have|'ve)\s+got\s+to|could|can|might\s+want\s+to|may\s+want\s+to|had\s+better|'d\s+better|"
    r"better)(?:\s+(?:just|really|definitely|probably|seriously|maybe|try\s+(?:and|to)|"
    r"learn\s+to|consider|think\s+about|start))*"
    r"|why\s+(?:don't|dont|do\s+not|not|can't|cant|won't|wont)(?:\s+you|\s+u)?(?:\s+just)?"
    r"|can't\s+you(?:\s+just)?|try\s+(?:to|and)"
    r"|i\s+(?:suggest|recommend|advise)(?:\s+(?:that\s+)?you)?"
    r"|if\s+i\s+(?:were|was)\s+you,?\s+i(?:'d|\s+would)(?:\s+just)?"
    r"|make\s+sure\s+(?:to|you)|don't\s+forget\s+to|it(?:'s|\s+is)\s+(?:time|best)\s+to|time\s+to"
    r"|you\s+just|(?:i|we)\s+(?:want|need)\s+you\s+to)"
)
DIRECTIVE_PREFIX = {
    "en": rx(
        r"^(?:[\s\-*•>#\d.)(\"“‘_~!]|')*(?:"
        + _DIRECTIVE_FILLER
        + r"[\s,!.:]+)*?(?P<core>(?:"
        + _DIRECTIVE_LEAD
        + r")?[\s,]*(?:(?:just|maybe|please|really|simply)\s+)*)$"
    )
}


def directive_start(scan: TextScan, pos: int, locale: str = "en") -> int | None:
    """Where a directive at pos begins, with its "you should"-style lead; None if pos is
    not a directive (something other than fillers or such a lead opens its clause)."""
    pattern = DIRECTIVE_PREFIX.get(locale)
    if pattern is None:
        return None
    prefix = scan.local_prefix(pos)
    m = pattern.match(prefix)
    if m is None:
        return None
    core = m.group("core")
    return pos - len(prefix) + m.start("core") if core.strip() else pos


def is_directive(scan: TextScan, pos: int, locale: str = "en") -> bool:
    """Nothing but fillers or a "you should"-style lead opens the clause before pos."""
    return directive_start(scan, pos, locale) is not None
