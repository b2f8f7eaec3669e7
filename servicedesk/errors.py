"""Domain errors. The core raises these; each channel maps them to its own response."""


class DomainError(Exception):
    """Base of the errors a person can be told about."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class Conflict(DomainError):
    """A stale write: someone else changed the object since the writer loaded it."""


class ValidationError(DomainError):
    """Bad input; ``fields`` maps a field name to its message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.fields = fields or {}
