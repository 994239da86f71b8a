"""The one domain error type: a stable code, a Vietnamese message and the HTTP status it maps to."""

from __future__ import annotations


class DomainError(Exception):
    """Raised by services for refused input. Entry points show `message`; nothing has been written."""

    status = 400

    def __init__(self, code: str, message: str, *, status: int | None = None, field: str | None = None, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details  # a list of the refused items, for the API
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": self.message}
        if self.details:
            data["details"] = self.details
        if self.field:
            data["field"] = self.field
        return data


class NotFound(DomainError):
    """Missing or out of scope: the two are deliberately indistinguishable."""

    status = 404

    def __init__(self, message: str = "Không tìm thấy đối tượng.", *, code: str = "not_found"):
        super().__init__(code, message)


class Forbidden(DomainError):
    """Visible, but the actor may not do this to it."""

    status = 403

    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.", *, code: str = "forbidden"):
        super().__init__(code, message)
