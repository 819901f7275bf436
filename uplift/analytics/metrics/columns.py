"""The columns of a scorecard and what each means, apart from the expressions that compute them
(`uplift.analytics.metrics.scorecards`), so that a stored scorecard can be read without the
engine."""

from __future__ import annotations

# What each column of a scorecard means; the order is the order of the columns.
SCORECARD_COLUMNS: dict[str, str] = {
    "source": "the CRM the rep comes from",
    "rep_id": "the rep's id in that CRM (the owner of the deals and activities)",
    "period_key": "first day of the month or quarter, or the window's first day",
    "period_start": "first day of the period inside the window",
    "period_end": "last day of the period inside the window",
    "deals_closed": "opportunities closed (won or lost) in the period",
    "deals_won": "opportunities won in the period",
    "win_rate": "deals_won / deals_closed, a fraction; null without closed deals",
    "bookings_cents": "sum of the amounts of the deals won in the period, integer cents",
    "avg_won_deal_cents": "bookings_cents / won deals with an amount; null without any",
    "median_cycle_days": "median days from created to close of the deals won in the period "
    "(exact, interpolated between the two middle deals); null without won deals",
    "opportunities_created": "opportunities created in the period",
    "pipeline_created_cents": "sum of the amounts of the opportunities created in the period "
    "(blank amounts count as nothing), integer cents",
    "opportunities_worked": "distinct opportunities with at least one activity of the rep in "
    "the period; null where not asked for (see scorecard_set_expr), 0 without activities of "
    "the rep, null when the export has none",
    "calls": "calls logged on opportunities in the period",
    "emails": "e-mails logged on opportunities in the period",
    "meetings": "meetings logged on opportunities in the period",
    "calls_per_opportunity": "calls / opportunities_worked",
    "emails_per_opportunity": "emails / opportunities_worked",
    "meetings_per_opportunity": "meetings / opportunities_worked",
    "contacts": "buyer contact roles on the deals closed in the period",
    "contacts_per_opportunity": "contacts / deals_closed (multi-threading at decision)",
    "quota_cents": "quota for the period, prorated by days; null when crm_quotas has none",
    "quota_attainment": "bookings_cents / quota_cents; null without a quota",
}
