"""The REST API at /api/v1/: one NinjaAPI, bearer-token auth on everything but `POST /auth/token`.

OpenAPI at /api/v1/openapi.json, Swagger UI at /api/v1/docs served from ninja's own static files (no CDN,
because "ninja" is in INSTALLED_APPS)."""

from __future__ import annotations

from ninja import NinjaAPI

from quanlyhoi.api import (
    areas,
    audit,
    auth,
    briefings,
    briefings_report,
    documents,
    errors,
    events,
    levels,
    me,
    members_imports,
    members_lists,
    members_people,
    members_stats,
    notifications,
    registry,
    reports,
    reports_periods,
    reports_templates,
    units,
)

api = NinjaAPI(
    urls_namespace="api",
    version="1",
    title="quanlyhoi API",
    description=(
        "API của hệ thống thông tin các hội quần chúng. Lấy mã truy cập bằng POST /auth/token rồi gửi kèm "
        "`Authorization: Bearer <mã>`. Ngày viết theo dạng yyyy-mm-dd. Lỗi trả về JSON "
        '{"code", "message", "field"}; đối tượng không có hoặc ngoài phạm vi đều trả 404.'
    ),
    auth=auth.BearerAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.register(api)

api.add_router("/auth", auth.router)
api.add_router("/areas", areas.router)
api.add_router("/overseers", registry.overseers)
api.add_router("/associations", registry.associations)
api.add_router("/associations", levels.router)
api.add_router("/units", units.router)
api.add_router("/events", events.router)
api.add_router("/audit", audit.router)
api.add_router("/me", me.me_router)
api.add_router("/me", notifications.router)
api.add_router("/users", me.users_router)
# Members: one router per topic, all under /members.
api.add_router("/members", members_lists.router)
api.add_router("/members", members_imports.router)
api.add_router("/members", members_people.router)
api.add_router("/members", members_stats.router)
# Before reports.router, whose /{report_id} would otherwise be tried first for /reports/indicators.
api.add_router("/reports", reports_periods.router)
api.add_router("/reports", reports_templates.router)
api.add_router("/reports", documents.reports_router)
api.add_router("/documents", documents.router)
api.add_router("/reports", reports.router)
# The follow-up report (api/briefings_report.py) before the other /briefings routes.
api.add_router("/briefings", briefings_report.router)
# Last under /briefings: its /{briefing_id} routes would otherwise be tried first for the fixed paths.
api.add_router("/briefings", briefings.router)
