"""Who is acting, from where, under which request id: set once per request, command or job."""

from __future__ import annotations

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ActorContext:
    source: str = "system"  # web, api, cli, job, import, system
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    ip: str | None = None


_current: ContextVar[ActorContext | None] = ContextVar("quanlyhoi_actor_context", default=None)


def current() -> ActorContext:
    ctx = _current.get()
    if ctx is None:
        ctx = ActorContext()
        _current.set(ctx)
    return ctx


@contextlib.contextmanager
def acting(source: str, *, ip: str | None = None, request_id: uuid.UUID | None = None):
    token = _current.set(ActorContext(source=source, ip=ip, request_id=request_id or uuid.uuid4()))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
