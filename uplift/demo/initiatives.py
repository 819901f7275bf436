"""Demo history for the sharing initiatives: one initiative launched a year ago and still running.

The demo leader launched it a year ago, sponsoring it, with the enablement admin as its owner,
the target to close a quarter of the star-core gap in six quarters, and the gap of the analysis
as of that day frozen as its baseline (the analysis is run as of the launch day for it). The
stars of that analysis were invited: most accepted within two weeks with quarterly commitments,
one declined, one never answered. Partners hosted win-story huddles, role-play clinics and
office hours about the library's practices, with colleagues coming; two sessions' notes became
practice drafts credited to their hosts, and the first was approved and taken up by a few of the
colleagues who came (too recently, and by too few, for the impact analysis to measure it); a few
core reps hosted a huddle of their own, more of
them in the teams whose pulse has been rising (so the pulse beside participation reads as the
pulse history says: sharing takes hold where the mood rises). Partners mentor core reps, agreed
with the reps' managers, and log check-ins, some steadily and some not. The leader committed three
months ago to spotlights, an awards event a year and sessions attended.

Nothing is marked kept or missed here: the health page and `uplift report initiative` count the
records (these sessions and check-ins, and the debriefs, practices, spotlights and awards events
of the rest of the demo), and the gap closure is measured from the final analysis. Everything goes
through the services the pages use, then is dated as it happened. Running it again adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from uplift.debriefs.facts import debriefs_given
from uplift.demo.organisation import ADMIN_EMAIL
from uplift.demo.steps import DemoState, DemoStep
from uplift.initiatives.kinds import Kind
from uplift.initiatives.models import (
    CheckIn,
    Commitment,
    Initiative,
    InitiativeEvent,
    MentoringPair,
    Partner,
    SharingSession,
)
from uplift.initiatives.proposal import (
    ProposedStar,
    bands_in_scope,
    people_by_rep_id,
    stars_proposed,
)
from uplift.initiatives.services import (
    CharterInput,
    check_in_log,
    initiative_launch,
    invitation_answer,
    leader_commitments_set,
    pair_decide,
    pair_propose,
    partners_invite,
    session_attendance_record,
    session_draft_content,
    session_notes_save,
    session_practice_draft,
    session_schedule,
)
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import segments_of
from uplift.orgs.models import Organisation, Person, Role
from uplift.pipeline.services import AnalysisFailed, analysis_run
from uplift.practices.adoptions import adoption_advance, adoption_start
from uplift.practices.facts import practices_published
from uplift.practices.models import Practice
from uplift.practices.services import practice_approve, practice_submit, practice_update
from uplift.pulse.facts import team_pulse

NAME = "Share what wins"
PURPOSE = (
    "Our stars win differently, and most of it can be taught. For six quarters they debrief, "
    "write down what works and host sessions anyone can come to; leaders recognise those who "
    "share. The aim: close a quarter of the star-core gap, and make sharing how we work."
)
INVITED = 8
MENTORS = 4
CORE_HOSTS = 8
KINDS = (
    SharingSession.Kind.WIN_STORY,
    SharingSession.Kind.CLINIC,
    SharingSession.Kind.OFFICE_HOURS,
)
TOPICS = {
    SharingSession.Kind.WIN_STORY: "A deal won with “{title}”",
    SharingSession.Kind.CLINIC: "Practising “{title}”",
    SharingSession.Kind.OFFICE_HOURS: "“{title}” on your deals",
}
NOTES = (
    (
        "Three things people took away:\nName the second sponsor by the second meeting.\n"
        "Ask finance in before the proposal.\nKeep the buyer map current."
    ),
    (
        "We role-played the price conversation twice. What worked: naming the cost of doing "
        "nothing before the number.\nPause after the price.\nAsk what they compare it with."
    ),
    (
        "Questions were mostly about stalled deals. Advice: agree the next step before the call "
        "ends, in writing, with a date."
    ),
)
CHECK_INS = (
    "Reviewed two discovery calls together",
    "Built the buyer map for the largest open deal",
    "Rehearsed the price conversation",
    "Went through the pipeline: two deals need a second contact",
    "Shadowed a negotiation call",
)
DRAFT_TITLES = ("The second sponsor, by the second meeting", "Pause after the price")


def _moment(day: date, hour: int = 15) -> datetime:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _leader(organisation: Organisation) -> Person | None:
    return (
        Person.objects.filter(organisation=organisation, role=Role.LEADER, is_active=True)
        .order_by("manager_id", "crm_user_id", "pk")
        .first()
    )


def _rising_teams(organisation: Organisation, since: date) -> list[int]:
    """Teams whose engagement rose over the pulse rounds, the most first."""
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for row in team_pulse(organisation=organisation, since=since):
        if row.team_id is None or row.engagement is None:
            continue
        first.setdefault(row.team_id, row.engagement)
        last[row.team_id] = row.engagement
    rise = {team: last[team] - first[team] for team in first}
    return sorted((t for t, r in rise.items() if r > 0), key=lambda t: -rise[t])


def _backdate_partner(partner: Partner, invited: datetime, answered: datetime | None) -> None:
    Partner.objects.filter(pk=partner.pk).update(invited_at=invited, answered_at=answered)


def _launch(
    organisation: Organisation, leader: Person, admin: Person, start: date
) -> tuple[Initiative, list[ProposedStar], AnalysisRun]:
    run = analysis_run(organisation=organisation, as_of=start)
    initiative = initiative_launch(
        launched_by=leader,
        charter=CharterInput(
            name=NAME,
            purpose=PURPOSE,
            sponsor=leader,
            owner=admin,
            scope_team=None,
            starts_on=start,
            quarters=6,
            close_fraction=0.25,
            cadence=Initiative.Cadence.FORTNIGHTLY,
        ),
        run=run,
    )
    stars = stars_proposed(organisation=organisation, scope_team=None, run=run)[:INVITED]
    Initiative.objects.filter(pk=initiative.pk).update(created_at=_moment(start, 9))
    return initiative, stars, run


LAUNCH_MONTHS_AGO = (12, 9, 6, 3)  # a year ago when the export goes back that far


def _launch_when_analysable(
    organisation: Organisation, leader: Person, admin: Person, today: date
) -> tuple[date, tuple[Initiative, list[ProposedStar], AnalysisRun]] | None:
    """Launch the initiative a year ago, or as long ago as the export has closed deals to
    analyse (an export that starts later than a year back), or not at all."""
    for months in LAUNCH_MONTHS_AGO:
        start = today - timedelta(days=round(months * 365.25 / 12))
        try:
            return start, _launch(organisation, leader, admin, start)
        except AnalysisFailed:
            continue
    return None


def _partners(
    initiative: Initiative, stars: list[ProposedStar], leader: Person, start: date
) -> list[Person]:
    """Invite the stars; all but the last two accept, one declines, one never answers."""
    people = Person.objects.in_bulk([s.person_id for s in stars])
    as_of = initiative.baseline.get("as_of", "")
    invited = partners_invite(
        initiative=initiative,
        invited_by=leader,
        people=[people[s.person_id] for s in stars],
        evidence={s.person_id: s.evidence(as_of) for s in stars},
        notify=False,  # a year ago
    )
    organisation = initiative.organisation
    end = timezone.localdate()
    debriefed = {
        person
        for d in debriefs_given(organisation=organisation, since=start, until=end)
        for person in d.sharer_ids
    }
    published = {
        person
        for p in practices_published(organisation=organisation, since=start, until=end)
        for person in p.contributor_ids
    }
    accepted = []
    for index, partner in enumerate(invited):
        answered = start + timedelta(days=2 + index)
        person = partner.person
        if index == len(invited) - 1:  # never answered
            _backdate_partner(partner, _moment(start, 10), None)
            continue
        if index == len(invited) - 2:
            invitation_answer(
                partner=partner,
                actor=person,
                accept=False,
                note="My territory doubles this half; ask me again next year.",
                today=answered,
            )
            _backdate_partner(partner, _moment(start, 10), _moment(answered, 11))
            continue
        counts = {Kind.SESSIONS_HOSTED: 1}
        if index < MENTORS:
            counts[Kind.MENTEES] = 1
        if person.pk in debriefed:
            counts[Kind.DEBRIEFS] = 1
        if person.pk in published or index == 0:  # the first partner means to write one up
            counts[Kind.PRACTICES] = 1
        invitation_answer(partner=partner, actor=person, accept=True, counts=counts, today=answered)
        _backdate_partner(partner, _moment(start, 10), _moment(answered, 11))
        Commitment.objects.filter(initiative=initiative, person=person).update(
            created_at=_moment(answered, 11)
        )
        accepted.append(person)
    return accepted


def _attendees(
    rng: random.Random, pool: list[Person], host: Person, extra: list[Person]
) -> list[Person]:
    guests = rng.sample(
        [p for p in pool if p.pk != host.pk], k=min(len(pool) - 1, rng.randint(3, 7))
    )
    return [host, *guests, *extra]


def _publish(
    draft: Practice, host: Person, leader: Person, day: date, adopters: list[Person]
) -> None:
    """The first draft from a session's notes: finished, approved by the leader three weeks on,
    and taken up by a few colleagues who came to the sessions."""
    draft = practice_update(
        practice=draft,
        actor=host,
        changes={
            "problem": "Deals stall when our only contact loses the argument inside.",
            "when_to_use": "Every opportunity above 50k, from the first meeting.",
        },
    )
    practice_submit(practice=draft, actor=host, sponsor=leader)
    practice_approve(practice=draft, actor=leader, note="Clear and tested in the sessions.")
    approved = day + timedelta(days=21)
    Practice.objects.filter(pk=draft.pk).update(
        submitted_at=_moment(day + timedelta(days=7), 10), approved_at=_moment(approved, 10)
    )
    for offset, person in enumerate(adopters):
        planned = approved + timedelta(days=5 + 4 * offset)
        adoption = adoption_start(practice=draft, person=person, actor=person, on=planned)
        adoption_advance(
            adoption=adoption,
            actor=person,
            stage="practising",
            on=min(planned + timedelta(days=10), timezone.localdate()),
        )


def _sessions(
    *,
    initiative: Initiative,
    partners: list[Person],
    core_hosts: list[Person],
    pool: list[Person],
    leader: Person,
    rng: random.Random,
    start: date,
) -> tuple[int, int]:
    """Every fortnight or so a partner hosts (some skip a quarter); core reps host now and then;
    the leader comes to a few in the last quarter; two sessions' notes become drafts."""
    admin = initiative.owner
    practices = list(
        Practice.objects.filter(
            organisation=initiative.organisation, status=Practice.Status.APPROVED
        ).order_by("title")
    )
    today = timezone.localdate()
    held = drafts = 0
    day = start + timedelta(days=14)
    turn = 0
    leader_from = today - timedelta(days=90)
    while day < today - timedelta(days=1):
        quarter = (day - start).days // 91
        host = partners[turn % len(partners)] if partners else None
        if host is None or (turn % len(partners) + quarter) % 4 == 3:
            host = core_hosts[turn % len(core_hosts)] if core_hosts else host
        turn += 1
        if host is None:
            break
        kind = KINDS[turn % len(KINDS)]
        practice = practices[turn % len(practices)] if practices else None
        title = practice.title if practice else "a deal we won"
        session = session_schedule(
            initiative=initiative,
            actor=admin,
            host=host,
            kind=kind,
            topic=TOPICS[kind].format(title=title),
            practice=practice,
            scheduled_at=_moment(day),
        )
        extra = [leader] if day >= leader_from and turn % 2 == 0 else []
        session_attendance_record(
            session=session, actor=admin, people=_attendees(rng, pool, host, extra)
        )
        if turn % 3 == 0:
            session_notes_save(session=session, actor=admin, notes=NOTES[turn % len(NOTES)])
        if drafts < len(DRAFT_TITLES) and host in partners and turn % 3 == 0:
            content = session_draft_content(session)
            draft = session_practice_draft(
                session=session,
                actor=host,
                content=type(content)(**{**content.values(), "title": DRAFT_TITLES[drafts]}),
            )
            Practice.objects.filter(pk=draft.pk).update(
                created_at=_moment(day, 17), updated_at=_moment(day, 17)
            )
            if drafts == 0:
                _publish(draft, host, leader, day, [p for p in pool if p.pk != host.pk][:4])
            drafts += 1
        SharingSession.objects.filter(pk=session.pk).update(
            created_at=_moment(day - timedelta(days=10))
        )
        held += 1
        day += timedelta(days=14 + rng.randint(-2, 3))
    for offset, host in (
        (6, partners[0] if partners else None),
        (20, partners[-1] if partners else None),
    ):
        if host is not None:
            practice = practices[offset % len(practices)] if practices else None
            session_schedule(
                initiative=initiative,
                actor=admin,
                host=host,
                kind=SharingSession.Kind.OFFICE_HOURS,
                topic="Bring a stalled deal",
                practice=practice,
                scheduled_at=_moment(today + timedelta(days=offset), 16),
            )
    return held, drafts


def _mentoring(
    initiative: Initiative, mentors: list[Person], mentees: list[Person], start: date
) -> tuple[int, int]:
    """Each mentor proposes a core rep; the rep's manager agrees; they meet about monthly —
    except the second and fourth pairs, which stop after two quarters."""
    today = timezone.localdate()
    pairs = check_ins = 0
    for index, (mentor, mentee) in enumerate(zip(mentors, mentees, strict=False)):
        manager = mentee.manager or (mentee.team.manager if mentee.team else None)
        if manager is None:
            continue
        pair = pair_propose(
            initiative=initiative,
            mentor=mentor,
            mentee=mentee,
            goal="Discovery and multi-threading",
        )
        pair_decide(pair=pair, actor=manager, agree=True)
        proposed = start + timedelta(days=12 + index)
        MentoringPair.objects.filter(pk=pair.pk).update(
            proposed_at=_moment(proposed, 9), agreed_at=_moment(proposed + timedelta(days=2), 9)
        )
        stop = start + timedelta(days=182) if index % 2 else today
        day = proposed + timedelta(days=9)
        while day <= min(stop, today - timedelta(days=1)):
            logged = _moment(day, 18)  # a weekday: the check-in is held and logged that day
            check_in = check_in_log(
                pair=pair,
                actor=mentor if check_ins % 2 else mentee,
                held_on=timezone.localtime(logged).date(),
                note=CHECK_INS[check_ins % len(CHECK_INS)],
            )
            CheckIn.objects.filter(pk=check_in.pk).update(logged_at=logged)
            check_ins += 1
            day += timedelta(days=26 + index * 3)
        pairs += 1
    return pairs, check_ins


@transaction.atomic
def initiative_history_seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    if Initiative.objects.filter(organisation=organisation).exists():
        state.notes.append("sharing initiative already in place")
        return
    leader = _leader(organisation)
    admin = Person.objects.filter(organisation=organisation, email=ADMIN_EMAIL).first()
    if leader is None or admin is None:
        state.notes.append("no leader or enablement admin to run a sharing initiative")
        return
    today = timezone.localdate()
    launched = _launch_when_analysable(organisation, leader, admin, today)
    if launched is None:
        state.notes.append("too little CRM history for a sharing initiative launched months ago")
        return
    start, (initiative, stars, launch_run) = launched
    rng = random.Random(state.seed * 104729 + 9)
    partners = _partners(initiative, stars, leader, start)
    people = people_by_rep_id(organisation=organisation, scope_team=None)
    bands = bands_in_scope(segments_of(launch_run), people)
    star_ids = {s.person_id for s in stars}
    core = [
        p
        for p in sorted(people.values(), key=lambda p: p.email)
        if bands.get(p.pk, ("",))[0] == "core" and p.pk not in star_ids and p.role == Role.REP
    ]
    rising = _rising_teams(organisation, start)
    core_hosts = sorted(
        core,
        key=lambda p: (rising.index(p.team_id) if p.team_id in rising else len(rising), p.email),
    )[:CORE_HOSTS]
    held, drafts = _sessions(
        initiative=initiative,
        partners=partners,
        core_hosts=core_hosts,
        pool=core,
        leader=leader,
        rng=rng,
        start=start,
    )
    mentees = [p for p in core if p not in core_hosts][:MENTORS]
    pairs, check_ins = _mentoring(initiative, partners[:MENTORS], mentees, start)
    committed = today - timedelta(days=91)
    leader_commitments_set(
        initiative=initiative,
        leader=leader,
        counts={Kind.SPOTLIGHTS: 1, Kind.EVENTS: 1, Kind.SESSIONS_ATTENDED: 1},
        today=committed,
    )
    Commitment.objects.filter(initiative=initiative, person=leader).update(
        created_at=_moment(committed, 9)
    )
    for event in InitiativeEvent.objects.filter(initiative=initiative).order_by("pk"):
        if event.kind == InitiativeEvent.Kind.LAUNCHED:
            at = _moment(start, 9)
        elif event.kind == InitiativeEvent.Kind.COMMITTED:
            at = _moment(committed, 9)
        elif event.kind == InitiativeEvent.Kind.PAIRED:
            at = _moment(start + timedelta(days=15), 9)
        else:
            at = _moment(start + timedelta(days=3), 10)
        InitiativeEvent.objects.filter(pk=event.pk).update(at=at)
    state.notes.append(
        f"sharing initiative “{NAME}” launched {start:%d %b %Y}: {len(partners)} partners of "
        f"{len(stars)} stars invited, {held} sessions held ({drafts} became practice drafts), "
        f"{pairs} mentoring pairs with {check_ins} check-ins"
    )


DEMO_STEPS: list[DemoStep] = [
    ("Sharing initiative: a year of partners, sessions and mentoring", initiative_history_seed)
]
