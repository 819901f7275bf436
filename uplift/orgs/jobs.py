from __future__ import annotations

from typing import Any

from uplift.core.jobs import Progress, job_handler
from uplift.core.models import Job
from uplift.orgs.invitations import invitation_send, people_awaiting_invitation
from uplift.orgs.models import Organisation


@job_handler("invitations")
def send_invitations(job: Job, progress: Progress) -> dict[str, Any]:
    """Invite everyone who cannot sign in yet. Re-running skips those already invited."""
    organisation = Organisation.objects.get(pk=job.organisation_id or 0)
    pending = list(people_awaiting_invitation(organisation=organisation).order_by("id"))
    progress(0, len(pending), "Sending invitations")
    for done, person in enumerate(pending, start=1):
        invitation_send(person=person)
        progress(done, len(pending), f"Invited {person.email}")
    return {"invited": len(pending)}
