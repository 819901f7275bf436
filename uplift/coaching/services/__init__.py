"""Writes for coaching: sessions and action items, the scenario library, role plays."""

from uplift.coaching.services.roleplays import (
    roleplay_create,
    roleplay_rater_add,
    roleplay_retry_create,
    roleplay_score_submit,
)
from uplift.coaching.services.scenarios import (
    RubricItemInput,
    ScenarioInput,
    scenario_create,
    scenario_draft_from_practice,
    scenario_prefill_from_practice,
    scenario_status_set,
    scenario_update,
)
from uplift.coaching.services.sessions import (
    action_item_complete,
    action_item_create,
    action_item_to_milestone,
    coaching_session_create,
    coaching_session_update,
)

__all__ = [
    "RubricItemInput",
    "ScenarioInput",
    "action_item_complete",
    "action_item_create",
    "action_item_to_milestone",
    "coaching_session_create",
    "coaching_session_update",
    "roleplay_create",
    "roleplay_rater_add",
    "roleplay_retry_create",
    "roleplay_score_submit",
    "scenario_create",
    "scenario_draft_from_practice",
    "scenario_prefill_from_practice",
    "scenario_status_set",
    "scenario_update",
]
