"""The whole story a leader cares about, through the pages only: from a star on Stars & gap to
their profile, a debrief with them, a practice draft credited to them with their behaviours as
evidence, an independent review (another leader sponsors and approves what Lou wrote), a rep who
finds it in the library and adopts it, and that rep's manager who confirms it was demonstrated.
Screenshots of every step go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot, sign_in
from tests.browser.test_debriefs import warm
from tests.conftest import World
from tests.debriefs.builders import profiles_store
from tests.insights.snapshots import AS_OF, WINDOW, analysis_store, documents, link_crm_ids
from uplift.insights.models import Snapshot
from uplift.orgs.models import Person
from uplift.practices.models import Adoption, Practice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Book the next meeting before you leave the room"


def shot(page: Page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header stays on top in the shot
    save_screenshot(page, f"journey-{name}")


def as_person(page: Page, base: str, person: Person) -> None:
    page.context.clear_cookies()
    sign_in(page, base, person)


def analysed_organisation(world: World) -> None:
    """One finished analysis holding the performance documents (Art and Bob are the stars of the
    ranking) and the star profiles of those two stars."""
    link_crm_ids(world)
    profiles = profiles_store(world.org, [world.art, world.bob])
    star_profiles = Snapshot.objects.get(run=profiles, kind="star-profiles").data
    star_profiles.update(as_of=AS_OF, window=WINDOW)  # the same analysis as the ranking's
    analysis_store(organisation=world.org, parts={**documents(), "star-profiles": star_profiles})


def test_a_star_becomes_a_practice_a_rep_demonstrates(  # noqa: PLR0915 (one story, told in order)
    page: Page, live_server: object, world: World
) -> None:
    analysed_organisation(world)
    base = str(live_server)
    warm(base)
    page.set_default_timeout(30_000)  # a busy machine
    menu = page.get_by_role("navigation", name="Main")

    # 1. The leader opens Stars & gap and sees Art ranked as a star.
    sign_in(page, base, world.lou)
    menu.get_by_role("link", name="Stars & gap").click()
    ranking = page.get_by_test_id("ranked-reps")
    art_row = ranking.locator("tr").filter(has_text="Art Test")
    expect(art_row.locator("td:not(.why-cell) .band-badge")).to_have_text("star")
    shot(page, "01-stars-and-gap")

    # 2. Art's star profile: the distinctive behaviours, and the way to a debrief.
    ranking.get_by_role("link", name="Star profile of Art Test").click()
    expect(page).to_have_url(re.compile(rf"/stars/{world.art.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Art Test")
    expect(page.locator("p.meta-line")).to_contain_text(f"Analysis as of {AS_OF}")
    distinctive = page.get_by_test_id("distinctive").locator("li")
    expect(distinctive).to_have_count(2)
    expect(distinctive.nth(0)).to_contain_text("Meetings per opportunity")
    expect(distinctive.nth(1)).to_contain_text("Contacts per opportunity (multi-threading)")
    expect(page.get_by_test_id("unusual")).to_contain_text("Calls per opportunity")
    shot(page, "02-star-profile")

    # 3. Schedule a debrief with Art from the profile: Art and Lou are already chosen.
    page.get_by_test_id("schedule-with-star").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a debrief")
    expect(page.get_by_label("Star")).to_have_value(str(world.art.pk))
    expect(page.get_by_label("Interviewer")).to_have_value(str(world.lou.pk))
    soon = timezone.localdate() + timedelta(days=9)  # a past day would ask to be confirmed
    when = page.get_by_label("Date and time (UTC)")  # typed in the viewer's zone, named
    when.fill(f"{soon.isoformat()}T14:00")
    shot(page, "03-schedule")
    page.get_by_role("button", name="Schedule and draft the guide").click()

    # 4. The session: evidence from the profile, the guide edited and notes taken (both saved).
    expect(page.get_by_role("heading", level=1)).to_have_text("Debrief with Art Test")
    expect(page.get_by_test_id("debrief-meta")).to_contain_text("Interviewer Lou Test")
    evidence = page.get_by_test_id("evidence")
    expect(evidence).to_contain_text("Meetings per opportunity: 4.10 against a core median")
    expect(evidence).to_contain_text("Contacts per opportunity (multi-threading)")
    guide = page.get_by_test_id("guide")
    expect(guide).to_contain_text("What stands out in Art's numbers")
    guide.press("Control+End")
    guide.type("\n- Which meeting would you never skip?")
    expect(page.locator("#guide-state")).to_contain_text("Saved at")
    page.get_by_test_id("notes").fill("Books the next meeting before leaving the room, every time.")
    expect(page.locator("#notes-state")).to_contain_text("Saved at")
    page.reload()
    expect(page.get_by_test_id("guide")).to_have_value(
        re.compile(r"- Which meeting would you never skip\?\s*$")
    )
    expect(page.get_by_test_id("notes")).to_have_value(
        "Books the next meeting before leaving the room, every time."
    )

    # 5. A practice draft from the debrief: the distinctive behaviours are ticked as evidence.
    form = page.get_by_test_id("draft-form")
    form.get_by_label("Title").fill(TITLE)
    form.get_by_label("Problem").fill("Deals stall between meetings while the buyer drifts.")
    form.get_by_label("When to use").fill("The last five minutes of every buyer meeting.")
    form.get_by_label("Steps").fill(
        "Agree what the next meeting decides.\nSend the invite before you leave."
    )
    expect(form.get_by_label("Meetings per opportunity", exact=True)).to_be_checked()
    expect(form.get_by_label("Contacts per opportunity (multi-threading)")).to_be_checked()
    shot(page, "04-debrief-session")
    form.get_by_role("button", name="Create practice draft").click()
    draft = page.get_by_test_id("draft")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text(TITLE)
    expect(draft).to_contain_text("Draft")
    expect(draft.get_by_test_id("contributors")).to_contain_text("Art Test (star)")
    expect(draft.get_by_test_id("contributors")).to_contain_text("Lou Test")
    page.get_by_test_id("mark-completed").click()
    expect(page.get_by_test_id("debrief-meta")).to_contain_text("Completed")
    expect(page.get_by_test_id("draft")).to_contain_text(TITLE)
    shot(page, "05-draft-created-debrief-held")

    # 6. The draft's card: Art credited and marked as the debriefed star, his own numbers apart
    #    from the stars' and the core's averages. Lou wrote it, so he may not review it: the
    #    sponsor picker offers Lea, the other leader, and Lou submits it to her.
    draft.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("practice-title")).to_have_text(TITLE)
    expect(page.locator("header.page-header")).to_contain_text("Shared by")
    expect(page.get_by_test_id("debriefed-star")).to_have_count(1)
    expect(page.get_by_test_id("contributors")).to_contain_text("Art Test star · debriefed")
    card_evidence = page.get_by_test_id("evidence")
    expect(card_evidence.locator("tbody[data-behavior]")).to_have_count(2)
    meetings = card_evidence.locator("tbody[data-behavior='meetings_per_opportunity']")
    expect(meetings.get_by_test_id("own-value")).to_have_text(
        re.compile(r"4\.10\s*above 93% of the core")
    )
    expect(meetings.get_by_test_id("stars-average")).to_have_text("4.30")
    expect(meetings.get_by_test_id("core-average")).to_have_text("2.60")
    expect(card_evidence.get_by_test_id("debrief-link")).to_contain_text(
        "the debrief with Art Test"
    )
    sponsor = page.get_by_label("Leadership sponsor who reviews it")
    expect(sponsor.locator("option")).to_have_text(["Choose a leader…", "Lea Test"])
    sponsor.select_option(label="Lea Test")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Sent to Lea Test for review.")).to_be_visible()
    expect(page.locator("header.page-header")).to_contain_text("To be reviewed by Lea Test")
    shot(page, "06-in-review")

    # 7. Lea, the sponsor, approves it from her review queue.
    as_person(page, base, world.lea)
    menu.get_by_role("link", name="Reviews").click()
    queue_row = page.get_by_test_id("queue-row")
    expect(queue_row).to_have_count(1)
    expect(queue_row).to_contain_text(TITLE)
    shot(page, "07-review-queue")
    queue_row.get_by_role("link", name=TITLE).click()
    page.get_by_label("A word for the authors (optional)").fill("Thank you, Art.")
    page.get_by_role("button", name="Approve and sponsor").click()
    expect(page.get_by_text("Approved: the practice is now in everyone's library.")).to_be_visible()
    expect(page.locator("header.page-header")).to_contain_text("Sponsored by Lea Test")
    expect(page.locator("header.page-header")).to_contain_text("Version 1")
    shot(page, "08-approved")

    # 8. Bob, a rep in another team, finds it by search and adopts it: planned, then practising.
    as_person(page, base, world.bob)
    menu.get_by_role("link", name="Library").click()
    page.get_by_test_id("library-search").fill("next meeting")
    expect(page.get_by_test_id("library-count")).to_contain_text("1 practice matching")
    shot(page, "09-library-search")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("header.page-header")).to_contain_text("Art Test")
    expect(page.get_by_test_id("evidence").locator("tbody[data-behavior]")).to_have_count(2)
    page.get_by_test_id("adopt").click()
    expect(page.get_by_test_id("my-adoption")).to_contain_text("Planned")
    shot(page, "10-planned")
    page.get_by_role("button", name="I have started practising").click()
    expect(page.get_by_test_id("my-adoption")).to_contain_text("Practising")
    shot(page, "11-practising")

    # 9. Max, Bob's manager, confirms on the team adoption board that Bob demonstrated it.
    as_person(page, base, world.max)
    menu.get_by_role("link", name="Adoption").click()
    row = page.locator(f"tr[data-rep='{world.bob.pk}']")
    expect(row).to_contain_text("Practising")
    practice = Practice.objects.get(title=TITLE)
    column = page.get_by_test_id("adoption-board").locator("thead a.dt-head-link")
    expect(column).to_have_attribute("href", f"/practices/{practice.pk}/")
    expect(column).to_have_text(TITLE)  # the whole title; CSS ends a long one in an ellipsis
    expect(column).to_have_attribute("title", TITLE)
    row.get_by_test_id("confirm-demonstrated").click()
    row = page.locator(f"tr[data-rep='{world.bob.pk}']")
    expect(row).to_contain_text("Demonstrated")
    shot(page, "12-demonstrated")

    practice.refresh_from_db()
    assert practice.status == Practice.Status.APPROVED
    assert practice.sponsor == world.lea
    assert set(practice.contributors.all()) == {world.art, world.lou}
    adoption = Adoption.objects.get(person=world.bob, practice=practice)
    assert (adoption.stage, adoption.demonstrated_by) == ("demonstrated", world.max)
