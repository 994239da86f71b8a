"""Web routes of the briefings app."""

from django.urls import path

from quanlyhoi.briefings import views, views_follow_up

app_name = "briefings"
urlpatterns: list = [
    path("", views.briefing_list, name="list"),
    path("new/", views.briefing_new, name="new"),
    path("<int:pk>/", views.briefing_detail, name="detail"),
    path("<int:pk>/edit/", views.briefing_edit, name="edit"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/files/<int:file_id>/", views.briefing_file, name="file"),
    path("<int:pk>/directives/new/", views.directive_new, name="directive_new"),
    path("mine/", views_follow_up.mine_page, name="mine"),
    path("board/", views_follow_up.board_page, name="board"),
    path("assignments/", views_follow_up.assignment_list, name="assignments"),
    path("assignments/<int:pk>/", views_follow_up.assignment_page, name="assignment"),
    path("assignments/<int:pk>/<slug:step>/", views_follow_up.step, name="step"),
    path("evidence/<int:pk>/", views_follow_up.evidence_file, name="evidence"),
]

# The follow-up report of a briefing (views_report.py): the draft file, and issuing it under a number.
from quanlyhoi.briefings import views_report  # noqa: E402

urlpatterns += [
    path("<int:pk>/report/", views_report.report_file, name="report"),
    path("<int:pk>/report/issue/", views_report.report_issue, name="report_issue"),
]
