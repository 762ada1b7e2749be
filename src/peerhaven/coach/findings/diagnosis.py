"""Diagnosis: naming conditions or giving medical directions, which are a professional's job.

Catches:
- diagnosing the reader: "you have bipolar", "you clearly have ADHD", "sounds like you have
  anxiety", "sounds like depression", "you're clearly depressed", "you're so OCD", "that's
  textbook BPD";
- armchair labels for people in a reply: "he's a narcissist", "your mom is clearly bipolar";
- medical directions: "stop taking your meds", "come off the antidepressants", "don't take
  those pills", "skip a dose", "double your dose", "try melatonin", "you should be on
  Zoloft", "take 50mg of…", "up it to 100 mg";
- discouraging treatment: "you don't need meds", "you don't need a therapist", "therapy is a
  scam".

Leaves alone: people speaking of themselves ("I have bipolar", "I take 50mg of sertraline",
"I came off my meds"), acknowledging what someone shared ("I know you have ADHD", "since you
have anxiety…", "do you have ADHD?", "you have ADHD too?"), reflecting feelings ("it sounds
like you're anxious about the exam" is good listening), reported speech ("my doctor said to
take 50mg"), quoted text, and reminders that point to a professional ("ask your doctor about
melatonin").

Misses: conditions outside the lexicon, hedged diagnoses spread over a sentence ("this is
what people with BPD do"), doses without a directive verb, supplements and drugs not listed,
and "you have depression, not a character flaw", which is flagged although it is meant kindly.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerhaven.coach.findings._base import Rx, TextScan, directive_start, finding, match_case, rx
from peerhaven.coach.types import Context, Finding

KIND = "diagnosis"

CONDITION = "condition"
THIRD_PARTY = "third_party"
MEDICATION = "medication"
DISCOURAGE = "discourage"


@dataclass(frozen=True)
class Rule:
    pattern: Rx
    group: str
    directive: bool = False
    reply_only: bool = False
    # Skip when it acknowledges what the person said ("I know you have ADHD").
    acknowledging: bool = False
    # Words one of which must occur for the rule to be worth running.
    keys: tuple[str, ...] = ()
    # Take in a subject just before the match ("it sounds like…").
    lead_subject: bool = False


@dataclass(frozen=True)
class Lexicon:
    rules: tuple[Rule, ...]
    acknowledgment: Rx
    acknowledgment_after: Rx
    messages: dict[str, str]
    suggestions: dict[str, str]


# Short acronyms that are also words (ADD, SAD, DID) only count in capitals.
_COND = (
    r"(?:bipolar(?:\s+(?:disorder|[12]|ii?|type\s+\w+))?|(?-i:ADD|SAD|DID|GAD|ASD|EUPD)|adhd|ocd|"
    r"c-?ptsd|ptsd|bpd|npd|autism|asperger'?s|borderline(?:\s+personality(?:\s+disorder)?)?|"
    r"narcissistic\s+personality(?:\s+disorder)?|(?:\w+\s+)?personality\s+disorder|"
    r"(?:clinical\s+|major\s+|severe\s+|postpartum\s+|post-?natal\s+|chronic\s+)?depression|"
    r"(?:anxiety|panic|mood|eating|attachment|dissociative|psychotic|sleep|binge\s+eating|"
    r"adjustment|conversion|somatic\s+symptom)\s+disorder|"
    r"(?:generali[sz]ed|social|severe|health)\s+anxiety|anxiety|schizophrenia|"
    r"schizoaffective(?:\s+disorder)?|psychosis|anorexia|bulimia|insomnia|dementia|"
    r"dissociative\s+identity\s+disorder|seasonal\s+affective\s+disorder|cyclothymia|dysthymia|"
    r"hypochondria|agoraphobia|tourette'?s|dyslexia|dyspraxia|addiction|alcoholism|"
    r"(?:drinking|gambling|drug)\s+problem|mental\s+illness|"
    r"(?:anxious|avoidant|disorgani[sz]ed)\s+attachment(?:\s+style)?|fibromyalgia|"
    r"chronic\s+fatigue(?:\s+syndrome)?|(?:manic|depressive|psychotic|hypomanic)\s+episode|"
    r"chemical\s+imbalance)"
)
# Adjectives and labels that name a condition in "you're …".
_LABEL = (
    r"(?:bipolar|autistic|schizophrenic|psychotic|manic|hypomanic|anorexic|bulimic|borderline|"
    r"narcissistic|an?\s+narcissist|an?\s+psychopath|an?\s+sociopath|an?\s+addict|"
    r"an?\s+alcoholic|co-?dependent|(?-i:OCD|ADHD|BPD)|ocd|adhd|dissociating|"
    r"(?:having|in)\s+(?:a\s+)?(?:manic|psychotic|depressive|hypomanic)\s+(?:episode|state|phase)|"
    r"on\s+the\s+(?:autism\s+)?spectrum|neurodivergent)"
)
_CERTAIN = (
    r"(?:clearly|obviously|definitely|probably|certainly|totally|most\s+likely|likely|def|prob|"
    r"must|might|may|could|possibly|100%|so|literally|severely|really|seriously)"
)
_DRUG = (
    r"(?:melatonin|xanax|valium|benadryl|zoloft|sertraline|prozac|fluoxetine|lexapro|escitalopram|"
    r"citalopram|celexa|paxil|paroxetine|wellbutrin|bupropion|lithium|lamotrigine|lamictal|"
    r"seroquel|quetiapine|adderall|ritalin|vyvanse|concerta|methylphenidate|ativan|klonopin|"
    r"lorazepam|clonazepam|diazepam|alprazolam|trazodone|mirtazapine|remeron|venlafaxine|effexor|"
    r"cymbalta|duloxetine|abilify|aripiprazole|risperidone|risperdal|olanzapine|zyprexa|"
    r"gabapentin|pregabalin|lyrica|propranolol|hydroxyzine|nyquil|zopiclone|ambien|zolpidem|"
    r"st\.?\s+john'?s\s+wort|cbd|thc|weed|ashwagandha|5-htp|kratom|ketamine|psilocybin|"
    r"shrooms|magic\s+mushrooms|sleeping\s+pills?|antidepressants?|anti-depressants?|ssris?|"
    r"benzos?|benzodiazepines?|antipsychotics?|mood\s+stabili[sz]ers?|painkillers|opioids?|"
    r"oxycodone|oxycontin|tramadol|codeine)"
)
_MED = r"(?:meds|medications?|pills|tablets|prescriptions?|" + _DRUG[3:]
_POSSESSIVE = r"(?:(?:your|the|those|these|that|all\s+(?:your|the|those|of\s+your))\s+)"
_DOSE = (
    r"\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|μg|ml|milligrams?|micrograms?|grams?|g|pills?|tablets?|"
    r"capsules?|caps|drops?|doses?)\b"
    r"|(?:one|two|three|four|a\s+couple(?:\s+of)?|a\s+few|half\s+a|a|an\s+extra)\s+"
    r"(?:extra\s+)?(?:pills?|tablets?|capsules?|doses?)\b"
)

_EN_RULES = (
    Rule(
        rx(
            r"\b(?:sounds|seems|looks)\s+(?:to\s+me\s+)?(?:a\s+lot\s+|just\s+|"
            r"exactly\s+|kinda\s+|kind\s+of\s+)?like\s+(?:(?:you|u)(?:'ve|\s+have)?\s+(?:got\s+)?|"
            r"(?:you|u)(?:'re|\s+are)\s+(?:having\s+|suffering\s+from\s+)?|"
            r"(?:he|she|they)(?:'s|'re|\s+is|\s+are|\s+has|\s+have)\s+|it(?:'s|\s+is)\s+|"
            r"that(?:'s|\s+is)\s+|an?\s+(?:case|symptom|sign|form)\s+of\s+|"
            r"(?:classic|textbook|typical)\s+)?(?:an?\s+)?(?:" + _COND + r"|" + _LABEL + r"|"
            r"(?:an?\s+)?(?:panic|anxiety)\s+attacks?)\b"
        ),
        CONDITION,
        keys=("sounds", "seems", "looks"),
        lead_subject=True,
    ),
    Rule(
        rx(
            r"\b(?:(?:that|it|this)(?:'s|\s+is)\s+|(?:sounds|seems)\s+like\s+)?(?:(?:a|"
            r"such\s+a)\s+)?"
            r"(?:classic|textbook)\s+(?:an?\s+)?(?:" + _COND + r"|narcissist\w*)\b"
        ),
        CONDITION,
        keys=("classic", "textbook"),
    ),
    Rule(
        rx(
            r"\b(?:you|u)\s+(?:" + _CERTAIN + r"\s+)*(?:seem\s+to\s+)?(?:have|'ve\s+got|got|"
            r"have\s+got|suffer\s+from|are\s+suffering\s+from|'re\s+suffering\s+from)\s+"
            r"(?:(?:a\s+)?(?:case|touch|form|bit)\s+of\s+|some\s+(?:form\s+of\s+)?)?(?:an?\s+)?"
            + _COND
            + r"\b"
        ),
        CONDITION,
        acknowledging=True,
        keys=(
            "bipolar",
            "add",
            "sad",
            "did",
            "gad",
            "asd",
            "eupd",
            "adhd",
            "ocd",
            "ptsd",
            "cptsd",
            "bpd",
            "npd",
            "autism",
            "asperger",
            "aspergers",
            "borderline",
            "narcissistic",
            "personality",
            "depression",
            "disorder",
            "anxiety",
            "schizophrenia",
            "schizoaffective",
            "psychosis",
            "anorexia",
            "bulimia",
            "insomnia",
            "dementia",
            "affective",
            "cyclothymia",
            "dysthymia",
            "hypochondria",
            "agoraphobia",
            "tourette",
            "tourettes",
            "dyslexia",
            "dyspraxia",
            "addiction",
            "alcoholism",
            "problem",
            "illness",
            "attachment",
            "fibromyalgia",
            "fatigue",
            "episode",
            "imbalance",
        ),
    ),
    Rule(
        rx(r"\b(?:you|u)(?:'re|\s+are|re)\s+(?:" + _CERTAIN + r"\s+)*" + _LABEL + r"\b"),
        CONDITION,
        acknowledging=True,
        keys=(
            "bipolar",
            "autistic",
            "schizophrenic",
            "psychotic",
            "manic",
            "hypomanic",
            "anorexic",
            "bulimic",
            "borderline",
            "narcissistic",
            "narcissist",
            "psychopath",
            "sociopath",
            "addict",
            "alcoholic",
            "codependent",
            "dependent",
            "ocd",
            "adhd",
            "bpd",
            "dissociating",
            "episode",
            "state",
            "phase",
            "spectrum",
            "neurodivergent",
        ),
    ),
    Rule(
        rx(
            r"\b(?:you|u)(?:'re|\s+are|re)\s+(?:(?:clearly|obviously|definitely|probably|certainly)"
            r"\s+)+(?:(?:clinically|severely|seriously)\s+)?(?:depressed|mentally\s+ill|"
            r"traumati[sz]ed|paranoid)\b"
        ),
        CONDITION,
        keys=("clearly", "obviously", "definitely", "probably", "certainly"),
    ),
    Rule(
        rx(
            r"\b(?:he|she|they|your\s+(?:mom|mum|mother|dad|father|partner|ex|husband|wife|"
            r"boyfriend|girlfriend|bf|gf|boss|sister|brother|son|daughter|friend|kid|child|"
            r"parents?|manager|coworker|co-worker|roommate|flatmate))(?:'s|'re|\s+is|\s+are|"
            r"\s+sounds\s+like|\s+seems\s+like|\s+must\s+be)\s+(?:(?:clearly|obviously|definitely|"
            r"probably|totally|such|so|just|a\s+total|a\s+classic|classic|textbook|a\s+textbook|"
            r"literally)\s+)*(?:an?\s+)?(?:(?:covert\s+|malignant\s+)?narcissist|psychopath|"
            r"sociopath)\b"
            r"|\b(?:he|she|they|your\s+(?:mom|mum|mother|dad|father|partner|ex|husband|wife|"
            r"boyfriend|girlfriend|bf|gf|boss|sister|brother))(?:'s|'re|\s+is|\s+are|\s+has|"
            r"\s+have)\s+(?:(?:clearly|obviously|definitely|probably|totally|textbook|classic)\s+)+"
            r"(?:an?\s+)?(?:bipolar|borderline|schizophrenic|psychotic|autistic|narcissistic|"
            r"(?-i:NPD|BPD|ADHD|OCD)|npd|bpd|adhd|ocd|(?:narcissistic\s+)?personality\s+disorder)\b"
        ),
        THIRD_PARTY,
        reply_only=True,
        keys=(
            "narcissist",
            "narcissistic",
            "psychopath",
            "sociopath",
            "bipolar",
            "borderline",
            "schizophrenic",
            "psychotic",
            "autistic",
            "npd",
            "bpd",
            "adhd",
            "ocd",
            "personality",
        ),
    ),
    # Medication directions.
    Rule(
        rx(
            r"\b(?:stop|quit|discontinue)\s+(?:taking\s+|using\s+)?"
            + _POSSESSIVE
            + r"(?:\w+\s+)?"
            + _MED
            + r"\b|\b(?:stop|quit)\s+taking\s+"
            + _DRUG
            + r"\b"
        ),
        MEDICATION,
        directive=True,
        keys=("stop", "quit", "discontinue"),
    ),
    Rule(
        rx(
            r"\b(?:come|get|go|wean\s+(?:yourself\s+)?)\s+off\s+(?:(?:your|the|those|these|"
            r"of\s+(?:your|the))\s+)?" + _MED + r"\b"
        ),
        MEDICATION,
        directive=True,
        keys=("off",),
    ),
    Rule(
        rx(
            r"\b(?:don't|dont|do\s+not|never)\s+(?:take|start|touch|go\s+on|get\s+on)\s+"
            r"(?:(?:your|the|those|these|any|them|that)\s+)?" + _MED + r"\b"
        ),
        MEDICATION,
        directive=True,
        keys=("don", "dont", "never"),
    ),
    Rule(
        rx(
            r"\b(?:skip|miss|double(?:\s+up)?(?:\s+on)?|halve|up|increase|lower|reduce|"
            r"cut(?:\s+down)?|raise)\s+(?:your|the|a)\s+(?:dose|dosage|meds|medication|pills)\b"
        ),
        MEDICATION,
        directive=True,
        keys=("dose", "dosage", "meds", "medication", "pills"),
    ),
    Rule(
        rx(
            r"\b(?:take|try|use|pop|smoke|microdose)\s+(?:some\s+|a\s+little\s+|a\s+bit\s+of\s+)?"
            + _DRUG
            + r"\b|\b(?:get|go|be)\s+on\s+(?:some\s+)?(?:meds|medication|"
            + _DRUG[3:]
            + r"\b"
        ),
        MEDICATION,
        directive=True,
        keys=(
            "melatonin",
            "xanax",
            "valium",
            "benadryl",
            "zoloft",
            "sertraline",
            "prozac",
            "fluoxetine",
            "lexapro",
            "escitalopram",
            "citalopram",
            "celexa",
            "paxil",
            "paroxetine",
            "wellbutrin",
            "bupropion",
            "lithium",
            "lamotrigine",
            "lamictal",
            "seroquel",
            "quetiapine",
            "adderall",
            "ritalin",
            "vyvanse",
            "concerta",
            "methylphenidate",
            "ativan",
            "klonopin",
            "lorazepam",
            "clonazepam",
            "diazepam",
            "alprazolam",
            "trazodone",
            "mirtazapine",
            "remeron",
            "venlafaxine",
            "effexor",
            "cymbalta",
            "duloxetine",
            "abilify",
            "aripiprazole",
            "risperidone",
            "risperdal",
            "olanzapine",
            "zyprexa",
            "gabapentin",
            "pregabalin",
            "lyrica",
            "propranolol",
            "hydroxyzine",
            "nyquil",
            "zopiclone",
            "ambien",
            "zolpidem",
            "wort",
            "cbd",
            "thc",
            "weed",
            "ashwagandha",
            "htp",
            "kratom",
            "ketamine",
            "psilocybin",
            "shrooms",
            "mushrooms",
            "pill",
            "pills",
            "antidepressant",
            "antidepressants",
            "depressant",
            "depressants",
            "ssri",
            "ssris",
            "benzo",
            "benzos",
            "benzodiazepine",
            "benzodiazepines",
            "antipsychotic",
            "antipsychotics",
            "stabilizer",
            "stabilizers",
            "stabiliser",
            "stabilisers",
            "painkillers",
            "opioid",
            "opioids",
            "oxycodone",
            "oxycontin",
            "tramadol",
            "codeine",
            "meds",
            "medication",
            "medications",
        ),
    ),
    Rule(
        rx(
            r"\b(?:take|try|use|pop|up\s+(?:it|that|your\s+dose|the\s+dose)\s+to|increase\s+"
            r"(?:it\s+|your\s+dose\s+)?to|go\s+(?:up|down)\s+to|drop\s+(?:down\s+)?to|"
            r"cut\s+(?:it\s+|back\s+|down\s+)?to|start\s+(?:with|at|on)|double|halve)\s+"
            r"(?:(?:like|about|around|maybe|just|only|up\s+to|at\s+least)\s+)?(?:" + _DOSE + r")"
            r"(?:\s+of\s+(?:your\s+|the\s+|some\s+)?\w+(?:-\w+)?)?"
        ),
        MEDICATION,
        directive=True,
        keys=(
            "#digit",
            "pill",
            "pills",
            "tablet",
            "tablets",
            "capsule",
            "capsules",
            "caps",
            "dose",
            "doses",
        ),
    ),
    Rule(
        rx(
            r"\b(?:you|u)\s+(?:(?:really|clearly|probably|just|definitely)\s+)*need\s+(?:to\s+be\s+"
            r"(?:on\s+)?(?:meds|medicated|medication)|(?:some\s+)?(?:meds|medication|"
            + _DRUG[3:]
            + r")\b"
        ),
        MEDICATION,
        keys=("need",),
    ),
    # Discouraging treatment.
    Rule(
        rx(
            r"\b(?:you|u)\s+(?:(?:really|probably|definitely|just)\s+)*(?:don't|dont|do\s+not)\s+"
            r"(?:really\s+|even\s+)?need\s+(?:(?:any|your|those|the|that|a)\s+)?(?:therapy|"
            r"therapists?|doctors?|psychiatrists?|professional\s+help|to\s+(?:see\s+a\s+(?:doctor|"
            r"therapist|psychiatrist)|be\s+(?:on\s+)?medicat\w+|take\s+(?:meds|medication|those|"
            r"them|pills))|" + _MED[3:] + r"\b"
        ),
        DISCOURAGE,
        keys=("need",),
    ),
    Rule(
        rx(
            r"\b(?:meds|medications?|antidepressants|pills|therapy|psychiatry|therapists?|"
            r"psychiatrists?|ssris?)\s+(?:are|is)\s+(?:(?:just|all|a|only|nothing\s+but)\s+)*"
            r"(?:poison|a\s+scam|scams?|bad\s+for\s+you|useless|a\s+crutch|crutch(?:es)?|"
            r"a\s+waste(?:\s+of\s+(?:time|money))?|for\s+the\s+weak|toxic|dangerous|a\s+lie|"
            r"bullshit|big\s+pharma)\b"
        ),
        DISCOURAGE,
        reply_only=True,
        keys=(
            "poison",
            "scam",
            "scams",
            "bad",
            "useless",
            "crutch",
            "crutches",
            "waste",
            "weak",
            "toxic",
            "dangerous",
            "lie",
            "bullshit",
            "pharma",
        ),
    ),
)

_EN = Lexicon(
    rules=_EN_RULES,
    acknowledgment=rx(
        r"(?:\b(?:if|when|whether|since|because|as|know|knew|knowing|said|say|mentioned|"
        r"told|like\s+me|unless|whenever|while|though|although|do|did|does|can|could|both|and|"
        r"who|people|someone|anyone)\s*$)"
        r"|\b(?:since|because|know|knew|knowing|mentioned|said\s+that|like\s+me|when|if|whether|"
        r"bring\s+up|tell|told)\b"
    ),
    acknowledgment_after=rx(r"\s*(?:too|as\s+well|also)\b|\s*\?"),
    messages={
        CONDITION: "Naming a condition is something a doctor or therapist does with the whole "
        "picture. Pointing to one is kinder than a guess.",
        THIRD_PARTY: "A label from a few details can mislead. Talking about what they did, and "
        "how it affected the person, stays with what you know.",
        MEDICATION: "Changes to medication are safest with a doctor or pharmacist. Pointing to "
        "one keeps people safe.",
        DISCOURAGE: "Whether someone needs treatment is theirs to decide with a professional.",
    },
    suggestions={
        CONDITION: "a doctor or therapist could help you look at this",
        THIRD_PARTY: "it sounds like this has been really hard",
        MEDICATION: "a doctor or pharmacist could help with questions about medication",
        DISCOURAGE: "a doctor could help you decide what's right for you",
    },
)

LEXICONS: dict[str, Lexicon] = {"en": _EN}

_SUBJECT_END = rx(r"(?<![\w'’])(?:it|that|this)\s+$")


def find(scan: TextScan, *, mode: str, context: Context, locale: str = "en") -> list[Finding]:
    lx = LEXICONS.get(locale)
    if lx is None:
        return []
    text = scan.text
    out: list[Finding] = []
    for rule in lx.rules:
        # Naming conditions in a person's own post is their own story ("this sounds like…").
        reply_only = rule.reply_only or rule.group == CONDITION
        if (reply_only and mode != "reply") or not scan.has_any(rule.keys):
            continue
        for m in rule.pattern.iter(scan):
            start, end = m.start(), m.end()
            if scan.in_quote(start) or scan.is_reported(start):
                continue
            if rule.directive:
                lead = directive_start(scan, start, locale)
                if lead is None:
                    continue
                start = lead
            elif scan.is_negated(start) and rule.group != DISCOURAGE:
                continue
            if rule.acknowledging and (
                lx.acknowledgment.search(scan.sentence_prefix(start))
                or lx.acknowledgment_after.at(scan, end)
            ):
                continue
            if rule.lead_subject:
                subject = _SUBJECT_END.search(text[max(0, start - 8) : start])
                start -= len(subject.group(0)) if subject else 0
            out.append(
                finding(
                    KIND,
                    start,
                    end,
                    lx.messages[rule.group],
                    match_case(lx.suggestions[rule.group], text[start:end]),
                )
            )
    return out
