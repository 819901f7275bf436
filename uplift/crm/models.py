"""The import history: one row per CRM import, from the import page or the command line."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportRecord(models.Model):
    """One CRM import as it ended: who ran it, what it read, what it wrote, how long it took.

    Written once the import has ended, in a transaction of its own, so a failed import is
    recorded too (its own writes were rolled back). An import whose process was killed leaves
    no record; its background job, if it had one, says what happened."""

    class Result(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        DRY_RUN = "dry_run", "Dry run"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    # The import page's background job (None for a command-line run).
    job = models.OneToOneField(
        "core.Job",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_record",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    command_line_user = models.CharField(max_length=150, blank=True)  # the OS user, on the CLI
    source = models.CharField(max_length=40)  # salesforce, hubspot, csv or preset
    preset = models.CharField(max_length=80, blank=True)  # the ready-made mapping's name
    export_source = models.CharField(max_length=40, blank=True)  # the mapping's `source`
    location = models.CharField(max_length=1000)
    files = models.JSONField(default=list, blank=True)  # the export files' names
    dry_run = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    result = models.CharField(max_length=16, choices=Result.choices)
    message = models.TextField(blank=True)  # why it failed
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_inserted = models.PositiveBigIntegerField(default=0)
    rows_updated = models.PositiveBigIntegerField(default=0)
    rows_rejected = models.PositiveBigIntegerField(default=0)
    rows_deleted = models.PositiveBigIntegerField(default=0)  # records a sync found deleted
    rejected = models.JSONField(default=dict, blank=True)  # file -> rows rejected
    rejects_file = models.CharField(max_length=1000, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0.0)
    # The CRM sync that brought these records (None for an export imported from files).
    sync_run = models.ForeignKey(
        "crm.SyncRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["organisation", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.source} import of {self.started_at:%Y-%m-%d %H:%M} ({self.result})"

    @property
    def ran_by(self) -> str:
        """Who ran it: a sync ("scheduled sync", "Sync now by …", "uplift sync (…)"), the
        person, or the command line and its OS user."""
        if self.sync_run is not None:
            return self.sync_run.described
        if self.started_by is not None:
            return str(self.started_by)
        if self.command_line_user:
            return f"command line ({self.command_line_user})"
        return "command line"


class CrmConnection(models.Model):
    """An organisation's direct connection to its CRM, synced on a schedule (docs/crm-sync.md).

    Tokens, client secrets and private keys are kept only encrypted (`secrets_encrypted`, read and
    written through uplift.crm.sync.connections); they are never shown in pages, logs, the API
    or repr(). Disconnecting deletes them and keeps the history."""

    class Kind(models.TextChoices):
        SALESFORCE = "salesforce", "Salesforce"
        HUBSPOT = "hubspot", "HubSpot"

    class AuthKind(models.TextChoices):
        SALESFORCE_WEB = "salesforce_web", "Salesforce OAuth 2.0 web-server flow"
        SALESFORCE_JWT = "salesforce_jwt", "Salesforce OAuth 2.0 JWT bearer flow"
        HUBSPOT_PRIVATE_APP = "hubspot_private_app", "HubSpot private-app token"
        HUBSPOT_OAUTH = "hubspot_oauth", "HubSpot OAuth"
        ACCESS_TOKEN = "access_token", "An access token given for each run (scripted)"

    class Status(models.TextChoices):
        CONNECTED = "connected", "Connected"
        SYNCING = "syncing", "Syncing"
        FAILED = "failed", "Last sync failed"
        REVOKED = "revoked", "Access revoked: connect again"
        DISCONNECTED = "disconnected", "Disconnected"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Salesforce's instance URL (https://mycompany.my.salesforce.com) or HubSpot's API base URL.
    base_url = models.URLField(max_length=500)
    auth_kind = models.CharField(max_length=32, choices=AuthKind.choices)
    # Where OAuth tokens are asked for: https://login.salesforce.com, test.salesforce.com or a
    # My Domain; HubSpot's API base for its OAuth.
    login_url = models.URLField(max_length=500, blank=True)
    client_id = models.CharField(max_length=300, blank=True)  # the connected app's consumer key
    username = models.CharField(max_length=300, blank=True)  # the JWT bearer flow's user
    secrets_encrypted = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CONNECTED)
    status_message = models.TextField(blank=True)  # what went wrong, and what to do
    schedule_minutes = models.PositiveIntegerField(default=60)  # 0: only when asked
    # The share of Salesforce's daily API allowance a sync may use (it stops cleanly there).
    api_share_percent = models.PositiveSmallIntegerField(default=50)
    # Custom fields: {"segment": "Account.Customer_Tier__c", "quota": {"object": ..., ...}}.
    field_mapping = models.JSONField(default=dict, blank=True)
    connected_at = models.DateTimeField(default=timezone.now)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_sync_at = models.DateTimeField(null=True, blank=True)  # the last sync that finished
    # The CRM's own count of today's API calls (Salesforce's `Sforce-Limit-Info: api-usage=N/M`),
    # as the last sync left it, and when it was read.
    api_calls_used = models.PositiveIntegerField(null=True, blank=True)
    api_calls_limit = models.PositiveIntegerField(null=True, blank=True)
    api_calls_read_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    revoked_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="one_crm_connection_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} connection ({self.get_status_display()})"

    def __repr__(self) -> str:  # never the secrets
        return f"<CrmConnection {self.pk} {self.kind} {self.base_url} {self.status}>"


class SyncMark(models.Model):
    """How far one object of a connection is synced: the latest modification time that a
    committed sync brought in, and the records brought in that were modified at that very
    moment. The next incremental sync reads what changed from that moment on, less those
    records (a record modified in the same second but written after the sync read it is not
    skipped, and none is read again for nothing)."""

    connection = models.ForeignKey(CrmConnection, on_delete=models.CASCADE, related_name="marks")
    object_name = models.CharField(max_length=120)
    high_water = models.DateTimeField()
    # The ids of the records modified at `high_water` already brought in; None when there were
    # more than the sync keeps (sync/marks.py): those are read again, which changes nothing.
    ids_at_mark = models.JSONField(default=list, blank=True, null=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["connection", "object_name"], name="one_sync_mark_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_name} synced to {self.high_water:%Y-%m-%d %H:%M:%S}"


class SyncRun(models.Model):
    """One sync: read every object's changes page by page (each page landed in the same
    transaction as the cursor after it), then import what landed in one store write.

    A run that did not finish (its process was killed, the server refused, the API allowance
    ran out) is resumed by the next sync of its connection from the last landed page."""

    class Status(models.TextChoices):
        READING = "reading", "Reading"
        IMPORTING = "importing", "Importing"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"  # finished: a later sync starts afresh
        DISCARDED = "discarded", "Replaced by a full sync"

    class Trigger(models.TextChoices):
        SCHEDULED = "scheduled", "scheduled sync"
        SYNC_NOW = "sync_now", "Sync now"
        COMMAND_LINE = "command_line", "uplift sync"

    connection = models.ForeignKey(CrmConnection, on_delete=models.CASCADE, related_name="runs")
    full = models.BooleanField(default=False)
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    command_line_user = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.READING)
    message = models.TextField(blank=True)  # why it stopped or failed
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The process working on it holds it until then (renewed with every page it lands).
    held_until = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=64, blank=True)
    result = models.JSONField(default=dict, blank=True)  # rows per object, deletions, seconds

    class Meta:
        ordering: ClassVar = ["-started_at", "-id"]
        constraints: ClassVar = [
            # Two syncs started at once for one connection: the second finds the first's run.
            models.UniqueConstraint(
                fields=["connection"],
                condition=models.Q(status__in=["reading", "importing"]),
                name="one_unfinished_sync_per_connection",
            )
        ]

    def __str__(self) -> str:
        return f"{self.connection.kind} sync of {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def described(self) -> str:
        """Who or what ran it, in the import history's words."""
        if self.trigger == self.Trigger.SYNC_NOW:
            return f"Sync now by {self.started_by}" if self.started_by else "Sync now"
        if self.trigger == self.Trigger.COMMAND_LINE:
            user = f" ({self.command_line_user})" if self.command_line_user else ""
            return f"uplift sync{user}"
        return "scheduled sync"


class SyncRunObject(models.Model):
    """Where one run stands with one object: the changes it reads (since the object's mark when
    the run started), the cursor of the next page, the latest modification time landed."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="object_states")
    position = models.PositiveSmallIntegerField()  # the connector's order
    object_name = models.CharField(max_length=120)
    since = models.DateTimeField(null=True, blank=True)  # None: everything (a full sync)
    # The mark's ids when the run started: records modified at `since` that are not read again.
    since_ids = models.JSONField(default=list, blank=True, null=True)
    cursor = models.TextField(blank=True)  # the next page's; blank: from the start
    high_water = models.DateTimeField(null=True, blank=True)
    # The ids landed that were modified at `high_water` (None: more than are kept).
    high_water_ids = models.JSONField(default=list, blank=True, null=True)
    done = models.BooleanField(default=False)
    pages = models.PositiveIntegerField(default=0)
    records = models.PositiveBigIntegerField(default=0)
    deleted = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["run", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "object_name"], name="one_state_per_run_object")
        ]

    def __str__(self) -> str:
        return f"{self.object_name}: {self.pages} pages"


class SyncPage(models.Model):
    """One landed page: the records and deletions exactly as the connector gave them. Kept until
    its run is imported, then deleted with the same write that advances the marks."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="landed")
    object_name = models.CharField(max_length=120)
    sequence = models.PositiveIntegerField()  # the page's number within its object, from 1
    records = models.JSONField(default=list)
    deleted_ids = models.JSONField(default=list)
    deleted_records = models.JSONField(default=list)
    # Records given as CSV (Salesforce's Bulk API results): the export's columns, then a line each.
    table = models.TextField(blank=True, default="")
    landed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["run", "object_name", "sequence"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["run", "object_name", "sequence"], name="one_landed_page_per_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_name} page {self.sequence}"


class SavedMapping(models.Model):
    """A mapping the organisation's admins made with the mapping wizard, kept to import the
    next export of the same CRM: the mapping file itself (`toml`, what the command line reads)
    and the wizard's choices with the headers of each file, to fit it to new files."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=80)
    toml = models.TextField()
    choices = models.JSONField(default=dict)  # uplift.crm.mapping_drafts.MappingChoices
    headers = models.JSONField(default=list)  # each file's headers, in the choices' order
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="one_saved_mapping_per_name"
            )
        ]

    def __str__(self) -> str:
        return f"Mapping {self.name}"


class MappingDraft(models.Model):
    """An export being mapped in the wizard: its uploaded files (kept under UPLIFT_HOME/uploads
    until it is imported or dropped), what was read of each, and the admin's choices so far.
    Each step saves the choices here, so nothing typed is lost between the steps."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    folder = models.CharField(max_length=64)  # the upload's folder under UPLIFT_HOME/uploads
    samples = models.JSONField(default=list)  # uplift.crm.column_profiles.FileSample, per file
    choices = models.JSONField(default=dict)  # uplift.crm.mapping_drafts.MappingChoices
    reused = models.ForeignKey(
        SavedMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    job = models.OneToOneField(  # the import it started; the upload is the job's from then on
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Mapping draft {self.pk} of {self.created_at:%Y-%m-%d %H:%M}"
