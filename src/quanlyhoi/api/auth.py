"""Bearer-token authentication and the token endpoints.

`POST /auth/token` goes through `django.contrib.auth.authenticate`, so django-axes counts failures and locks
out (username + address), and failed logins are audited by the `user_login_failed` signal."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from ninja import Router
from ninja.security import HttpBearer

from quanlyhoi.accounts.services import token_create, token_revoke, token_user
from quanlyhoi.api.common import Status
from quanlyhoi.api.schemas import Error, TokenIn, TokenOut
from quanlyhoi.core.errors import DomainError


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the user is put on `request.auth_user` (and `request.auth`)."""

    def authenticate(self, request, token: str):
        token = token.strip()
        if not token or len(token) > 200:
            return None
        user = token_user(token)
        if user is None:
            return None
        request.auth_user = user
        request.api_token = token
        return user


router = Router(tags=["auth"])


def _locked_out_message() -> str:
    hours = settings.AXES_COOLOFF_TIME
    return (
        f"Tài khoản tạm thời bị khoá vì đăng nhập sai quá {settings.AXES_FAILURE_LIMIT} lần; "
        f"hãy thử lại sau {hours} giờ hoặc liên hệ quản trị hệ thống."
    )


@router.post("/token", auth=None, response={200: TokenOut, 401: Error, 429: Error}, summary="Lấy mã truy cập")
def token_obtain(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # Answer here in JSON; otherwise AxesMiddleware would replace the response with its HTML page.
            request.axes_locked_out = False
            exc = DomainError("locked_out", _locked_out_message(), status=429)
            raise exc
        raise DomainError("invalid_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.", status=401)
    # Issuing a token is a login: axes resets the failure count (AXES_RESET_ON_SUCCESS), last_login is
    # updated and the login is audited, as for the web login.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    token, raw = token_create(user=user)
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/token", response={204: None}, summary="Thu hồi mã truy cập đang dùng")
def token_delete(request):
    token_revoke(user=request.auth_user, raw=request.api_token)
    return Status(204, None)
