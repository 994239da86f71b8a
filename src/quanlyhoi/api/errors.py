"""One JSON error shape for the whole API: {"code", "message", "field"?} with the service's HTTP status.

Domain errors keep their status (400/403/404/409/422); ninja's validation errors (422) keep ninja's `detail`
list and gain a Vietnamese `message`; a missing or bad token answers 401.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from quanlyhoi.core.errors import DomainError

UNAUTHORIZED = "Cần xác thực: gửi kèm tiêu đề Authorization: Bearer <mã truy cập> còn hiệu lực."
NOT_FOUND = "Không tìm thấy đối tượng."


def _field_of(error: dict) -> str | None:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
    return ".".join(loc) or None


def validation_message(errors: list[dict]) -> str:
    fields = [f for f in (_field_of(e) for e in errors) if f]
    if fields:
        listed = ", ".join(dict.fromkeys(fields))
        return f"Dữ liệu gửi lên không hợp lệ ở: {listed}. Ngày viết theo dạng yyyy-mm-dd."
    return "Dữ liệu gửi lên không hợp lệ."


def register(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        body = {"code": "validation_error", "message": validation_message(exc.errors), "detail": exc.errors}
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc: AuthenticationError):
        response = api.create_response(request, {"code": "unauthorized", "message": UNAUTHORIZED}, status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(AuthorizationError)
    def authorization_error(request, exc: AuthorizationError):
        body = {"code": "forbidden", "message": "Bạn không có quyền thực hiện thao tác này."}
        return api.create_response(request, body, status=403)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(request, {"code": "http_error", "message": exc.message}, status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return api.create_response(request, {"code": "not_found", "message": NOT_FOUND}, status=404)


def unknown_path(request, rest: str = ""):
    """Unknown paths under /api/v1/ answer JSON, not the HTML 404 page."""
    return JsonResponse({"code": "not_found", "message": "Không có địa chỉ API này."}, status=404)
