"""Domain errors: problems the user can fix. Services raise them; GraphQL turns them into UserErrors."""

from __future__ import annotations


class DomainError(Exception):
    code = "INVALID"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    @property
    def extensions(self) -> dict[str, object]:
        # graphql-core copies an original error's `extensions` into the GraphQL error it reports.
        return {"code": self.code}


class Invalid(DomainError):
    code = "INVALID"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class Conflict(DomainError):
    code = "CONFLICT"


class RateLimited(DomainError):
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after

    @property
    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "retryAfter": self.retry_after}


class ValidationErrors(DomainError):
    """Several field problems at once, so a form can show them together."""

    def __init__(self, errors: list[DomainError]) -> None:
        super().__init__(errors[0].message, field=errors[0].field, code=errors[0].code)
        self.errors = errors


def is_unique_violation(error: BaseException, constraint: str) -> bool:
    """Whether a database error is the unique constraint or index `constraint` refusing a duplicate:
    a concurrent request won the race a service's own check-then-insert lost. Services turn it into
    the Conflict the check raises. Reads the driver's error (asyncpg's, behind SQLAlchemy's) by its
    attributes, so this module needs no database import."""
    seen: BaseException | None = error
    while seen is not None:
        if getattr(seen, "sqlstate", None) == "23505" and getattr(seen, "constraint_name", None) == constraint:
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False
