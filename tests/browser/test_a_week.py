"""A week of Uplift on the demo organisation, one role after another, as people use it:

- a manager starts from their to-do list, opens a rep's page, books a coaching session, scores a
  role play (sent with one item left unscored, the page keeps every score and the feedback and
  marks the item), completes it, and downloads the team's scorecards as CSV and XLSX;
- a rep finds a practice by searching, is told of kudos under the bell and lands on them, and
  reads a time in the zone they chose, named;
- a leader sorts Stars & gap by a column (on the server: the address keeps it) and downloads its
  PDF.

Days are the product's own: sessions are booked a few days after today as the server reads it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import save_screenshot
from tests.browser.test_debriefs import warm
from tests.browser.test_no_sideways_scroll import sign_in
from uplift.coaching.models import CoachingSession, RolePlaySession
from uplift.demo.steps import DemoState, demo_run
from uplift.notifications.selectors import BELL_MOST
from uplift.orgs.models import Person, Role
from uplift.recognition.services import kudos_give

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(state: DemoState, home: str) -> Person:
    email = next(login.email for login in state.logins if login.home == home)
    return Person.objects.get(email=email)


def _downloaded(page: Page, test_id: str) -> tuple[str, bytes]:
    with page.expect_download() as caught:
        page.get_by_test_id(test_id).click()
    download = caught.value
    path = download.path()
    assert path is not None
    return download.suggested_filename, Path(path).read_bytes()


def a_managers_week(page: Page, base: str, manager: Person, rep: Person) -> None:
    """From the to-do list to a rep, a session booked, a role play scored, the team exported."""
    sign_in(page, base, manager.email)
    page.goto(f"{base}/team/")
    worklist = page.get_by_test_id("worklist")
    expect(worklist).to_contain_text("To do")
    expect(worklist.get_by_test_id("session-worklist").first).to_contain_text("Prepare your")
    save_screenshot(page, "week-manager-home")

    page.get_by_test_id("roster").get_by_role("link", name=rep.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(rep.full_name)
    expect(page.get_by_test_id("person-coaching")).to_be_visible()
    book_a_session(page, base, rep)
    score_a_role_play(page, base, rep, manager)
    export_the_scorecards(page, base, rep, manager)


def book_a_session(page: Page, base: str, rep: Person) -> None:
    """A 1:1 a few days ahead of the server's today."""
    booked = CoachingSession.objects.filter(rep=rep).count()
    page.goto(f"{base}/coaching/sessions/new/?rep={rep.pk}")
    page.get_by_label("Kind").select_option(label="1:1")
    day = timezone.localdate() + timedelta(days=4)
    page.get_by_label("When").fill(f"{day.isoformat()}T14:30")
    page.get_by_label("Agenda").fill("The renewal's pricing call\nNext quarter's pipeline")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"1:1: {rep.full_name}")
    assert CoachingSession.objects.filter(rep=rep).count() == booked + 1


def score_a_role_play(page: Page, base: str, rep: Person, manager: Person) -> None:
    """Scored with one item left: refused, nothing typed lost, then completed."""
    page.goto(f"{base}/coaching/role-plays/new/?rep={rep.pk}")
    page.get_by_label("Scenario").select_option(index=1)
    page.get_by_role("button", name="Record the role play").click()
    form = page.get_by_test_id("score-form")
    pickers = form.locator(".score-picker")
    items = pickers.count()
    assert items >= 2
    for index in range(items - 1):  # the last item left unscored
        pickers.nth(index).locator("label").nth(2).click()
    feedback = "Calm on price; ask for the next step before the call ends."
    form.get_by_label(re.compile("^Feedback")).fill(feedback)
    form.get_by_test_id("submit-scores").click()
    expect(page.get_by_test_id("unscored")).to_have_count(1)
    expect(form.get_by_label(re.compile("^Feedback"))).to_have_value(feedback)
    for index in range(items - 1):
        expect(pickers.nth(index).locator("input").nth(2)).to_be_checked()
    save_screenshot(page, "week-manager-score-kept")
    pickers.nth(items - 1).locator("label").nth(3).click()
    form.get_by_test_id("submit-scores").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()
    roleplay = RolePlaySession.objects.filter(rep=rep).latest("pk")
    rating = roleplay.ratings.get(rater=manager)
    assert rating.submitted_at is not None
    assert rating.feedback == feedback


def export_the_scorecards(page: Page, base: str, rep: Person, manager: Person) -> None:
    """The team's scorecards as CSV and as a spreadsheet: the manager's reps, no one else's."""
    page.goto(f"{base}/team/performance/")
    others = (
        Person.objects.filter(organisation=manager.organisation, role=Role.REP, is_active=True)
        .exclude(manager=manager)
        .exclude(manager__manager=manager)
        .first()
    )
    assert others is not None
    name, body = _downloaded(page, "scorecards-csv")
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert rep.full_name in names
    assert others.full_name not in names
    name, body = _downloaded(page, "scorecards-xlsx")
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rep.full_name in cells
    assert others.full_name not in cells


def a_reps_week(page: Page, base: str, rep: Person, manager: Person) -> None:
    """A practice found by searching, kudos told under the bell, a time in one's own zone."""
    sign_in(page, base, rep.email)
    page.goto(f"{base}/me/")
    page.get_by_test_id("topbar-search").fill("multi-thread")
    results = page.get_by_test_id("topbar-search-results")
    found = results.get_by_role("link", name=re.compile("^Multi-thread", re.IGNORECASE)).first
    expect(found).to_be_visible()
    found.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Multi-thread")

    # Kudos from the manager: the bell counts one more, and its entry leads to the kudos.
    page.goto(f"{base}/me/")
    count = page.get_by_test_id("bell-count")
    before = int(count.inner_text()) if count.count() else 0  # the demo's own notices
    assert before < BELL_MOST
    kudos = kudos_give(giver=manager, receiver=rep, message="Great renewal call, thank you")
    page.reload()
    expect(page.get_by_test_id("bell-count")).to_have_text(str(before + 1))
    page.get_by_test_id("bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    page.get_by_role(
        "link", name=f"{manager.full_name} gave you kudos: Great renewal call, thank you"
    ).click()
    page.wait_for_url(f"**/recognition/#kudos-{kudos.pk}")
    expect(page.locator(f"#kudos-{kudos.pk}")).to_contain_text("Great renewal call")
    if before:
        expect(page.get_by_test_id("bell-count")).to_have_text(str(before))
    else:
        expect(page.get_by_test_id("bell-count")).to_have_count(0)

    # A time on the rep's coaching page, read again after choosing Tokyo's zone.
    page.goto(f"{base}/coaching/")
    moment = page.locator("main time[datetime]").first
    expect(moment).to_be_visible()
    instant = moment.get_attribute("datetime")
    shown = moment.inner_text()
    assert not shown.endswith("JST")
    page.goto(f"{base}/settings/account/")
    zone = page.get_by_label("Your time zone")
    zone.select_option("Asia/Tokyo")
    page.locator("form", has=zone).get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("shown-in")).to_contain_text("Asia/Tokyo")
    page.goto(f"{base}/coaching/")
    again = page.locator(f'main time[datetime="{instant}"]').first
    expect(again).to_have_text(re.compile(r"\d{2}:\d{2} JST$"))
    expect(again).to_have_attribute("title", "Shown in Asia/Tokyo time")
    assert again.inner_text() != shown
    save_screenshot(page, "week-rep-coaching-tokyo")


def a_leaders_week(page: Page, base: str, leader: Person) -> None:
    """Stars & gap sorted by closed deals on the server, and its PDF."""
    sign_in(page, base, leader.email)
    page.goto(f"{base}/leader/performance/")
    ranking = page.get_by_test_id("ranked-reps")
    ranking.get_by_test_id("sort-n").click()
    expect(ranking).to_have_attribute("data-sort", "n")
    expect(page).to_have_url(re.compile(r"/leader/performance/\?sort=n$"))
    deals = [
        int(cell.replace(",", "")) for cell in ranking.locator('td[data-col="n"]').all_inner_texts()
    ]
    assert deals
    assert deals == sorted(deals, reverse=True)
    first = ranking.locator("tbody tr").first.locator("th a").first.inner_text()
    page.reload()  # sorted by the server: the address keeps the order
    expect(page.get_by_test_id("ranked-reps")).to_have_attribute("data-sort", "n")
    save_screenshot(page, "week-leader-stars-sorted")

    name, body = _downloaded(page, "download-pdf")
    assert name.endswith(".pdf")
    assert body.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    organisation = leader.organisation
    assert organisation is not None
    assert "Stars and the gap" in text
    assert f"For the leaders of {organisation.name} only" in text
    stars = [row[0] for row in _ranked_stars(page)]
    assert stars
    assert all(name in text for name in stars)
    assert first in text


def _ranked_stars(page: Page) -> list[list[str]]:
    """The ranked reps the page names as stars: every leader's PDF lists them."""
    rows = page.get_by_test_id("ranked-reps").locator("tbody tr")
    return [
        [rows.nth(i).locator("th a").first.inner_text()]
        for i in range(rows.count())
        if rows.nth(i).get_attribute("data-band") == "star"
    ]


def test_a_week_of_each_role_on_the_demo(page: Page, live_server: object) -> None:
    state = demo_run(seed=7)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(60_000)  # the demo's pages on a busy two-core machine
    expect.set_options(timeout=30_000)
    rep = _login(state, "/me/")  # the demo's rep, in one of the demo managers' teams
    manager = rep.manager
    assert manager is not None
    assert manager.email in {login.email for login in state.logins}
    a_managers_week(page, base, manager, rep)
    a_reps_week(page, base, rep, manager)
    a_leaders_week(page, base, _login(state, "/leader/"))
