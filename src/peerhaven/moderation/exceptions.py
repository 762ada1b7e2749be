from peerhaven.core.exceptions import Conflict, DomainError


class InvalidReport(DomainError):
    default_code = "invalid_report"


class AlreadyReported(Conflict):
    default_code = "already_reported"


class CaseClosed(Conflict):
    default_code = "case_closed"


class InvalidAction(DomainError):
    default_code = "invalid_action"


class AlreadyAppealed(Conflict):
    default_code = "already_appealed"


class AppealDecided(Conflict):
    default_code = "appeal_decided"
