"""Writes for sharing initiatives: the charter and its partners, sessions, mentoring."""

from uplift.initiatives.services.charter import (
    CharterInput,
    initiative_close,
    initiative_launch,
    invitation_answer,
    leader_commitments_set,
    partner_commitments_change,
    partners_invite,
)
from uplift.initiatives.services.mentoring import check_in_log, pair_decide, pair_propose
from uplift.initiatives.services.sessions import (
    session_attendance_record,
    session_cancel,
    session_draft_content,
    session_notes_save,
    session_practice_draft,
    session_schedule,
)

__all__ = [
    "CharterInput",
    "check_in_log",
    "initiative_close",
    "initiative_launch",
    "invitation_answer",
    "leader_commitments_set",
    "pair_decide",
    "pair_propose",
    "partner_commitments_change",
    "partners_invite",
    "session_attendance_record",
    "session_cancel",
    "session_draft_content",
    "session_notes_save",
    "session_practice_draft",
    "session_schedule",
]
