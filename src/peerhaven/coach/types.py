"""The plain data the coach takes and returns. No Django here: the coach is pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Mode = Literal["post", "reply"]
RiskLevel = Literal["none", "concern", "urgent"]

SUPPORT_PREFERENCES = ("just_listen", "share_experiences", "advice_welcome")

# Each finding kind comes from one of the community guidelines (by key).
GUIDELINE_OF_KIND = {
    "unsolicited_advice": "no-unsolicited-advice",
    "blame": "i-statements",
    "judgment": "non-judgment",
    "diagnosis": "peer-not-therapy",
    "pressure": "boundaries",
    "personal_info": "confidentiality",
}
KINDS = tuple(GUIDELINE_OF_KIND)


@dataclass(frozen=True)
class Context:
    """What the coach knows about where the text goes."""

    # The support preference of the post being replied to (None: not stated).
    support_preference: str | None = None

    @classmethod
    def from_value(cls, value: Context | Mapping[str, Any] | None) -> Context:
        if value is None:
            return cls()
        if isinstance(value, Context):
            return value
        preference = value.get("support_preference")
        if preference is not None and preference not in SUPPORT_PREFERENCES:
            raise ValueError(
                "context.support_preference must be one of " + ", ".join(SUPPORT_PREFERENCES)
            )
        return cls(support_preference=preference)


@dataclass(frozen=True)
class Finding:
    kind: str
    guideline: str
    # Character offsets into the original text: text[start:end] is the span.
    start: int
    end: int
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Risk:
    level: RiskLevel = "none"
    score: float = 0.0
    reasons: tuple[str, ...] = ()
    # True when the locale is not supported and a conservative keyword list was used.
    fallback: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "score": round(self.score, 3),
            "reasons": list(self.reasons),
            **({"fallback": True} if self.fallback else {}),
        }


@dataclass(frozen=True)
class Analysis:
    risk: Risk
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    locale: str = "en"
    # False when findings are not offered for this locale (risk is still screened).
    findings_supported: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"risk": self.risk.to_dict(), "findings": [f.to_dict() for f in self.findings]}
