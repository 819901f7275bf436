"""Pages for the practice library: cards, review, versions, comments, search, adoption."""

from __future__ import annotations

from django.urls import URLPattern, path

from uplift.orgs.models import Role
from uplift.web.navigation import NavItem
from uplift.web.tables import download_path
from uplift.web.views.practices import adoption, library, workflow

urlpatterns: list[URLPattern] = [
    path("practices/", library.practice_library, name="practice_library"),
    path("practices/new/", workflow.practice_new, name="practice_new"),
    path("practices/review/", library.practice_review_queue, name="practice_review_queue"),
    path("practices/mine/", adoption.my_practices, name="my_practices"),
    path("practices/adoption/", adoption.adoption_board, name="adoption_board"),
    download_path(
        "practices/adoption/", adoption.adoption_board_download, "adoption_board_download"
    ),
    path("practices/<int:practice_id>/", library.practice_detail, name="practice_detail"),
    path("practices/<int:practice_id>/edit/", workflow.practice_edit, name="practice_edit"),
    path("practices/<int:practice_id>/submit/", workflow.practice_submit, name="practice_submit"),
    path(
        "practices/<int:practice_id>/approve/", workflow.practice_approve, name="practice_approve"
    ),
    path(
        "practices/<int:practice_id>/send-back/",
        workflow.practice_send_back,
        name="practice_send_back",
    ),
    path("practices/<int:practice_id>/retire/", workflow.practice_retire, name="practice_retire"),
    path(
        "practices/<int:practice_id>/comments/", workflow.practice_comment, name="practice_comment"
    ),
    path(
        "practices/<int:practice_id>/versions/<int:number>/",
        library.practice_version,
        name="practice_version",
    ),
    path("practices/<int:practice_id>/adopt/", adoption.practice_adopt, name="practice_adopt"),
    path(
        "adoptions/<int:adoption_id>/advance/", adoption.adoption_advance, name="adoption_advance"
    ),
    path("adoptions/<int:adoption_id>/check/", adoption.adoption_check, name="adoption_check"),
]

nav_items: tuple[NavItem, ...] = (
    NavItem(
        "Library", "practice_library", "journal-bookmark", frozenset(Role.values), 10, "practices"
    ),
    NavItem(
        "My practices", "my_practices", "check2-square", frozenset({Role.REP}), 20, "practices"
    ),
    NavItem(
        "Reviews", "practice_review_queue", "patch-check", frozenset({Role.LEADER}), 20, "practices"
    ),
    NavItem(
        "Adoption",
        "adoption_board",
        "kanban",
        frozenset({Role.MANAGER, Role.LEADER}),
        30,
        "practices",
    ),
)
