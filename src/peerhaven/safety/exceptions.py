from peerhaven.core.exceptions import Conflict, DomainError


class AlertAlreadyAnswered(Conflict):
    default_code = "alert_already_answered"


class AlertClosed(Conflict):
    default_code = "alert_closed"


class InvalidOutcome(DomainError):
    default_code = "invalid_outcome"
