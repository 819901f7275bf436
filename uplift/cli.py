"""The `uplift` command: everything a person can do with data in bulk, from a terminal.

Commands parse their arguments, call one service, and print; the work lives in the apps.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from pathlib import Path


def _django() -> None:
    """Configure Django on first use (not at import, so `uplift --help` stays instant)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="uplift")
def main() -> None:
    """Uplift: find your real sales stars and lift everyone else with what they know.

    Stores live in UPLIFT_HOME (default ~/.local/share/uplift); DATABASE_URL and
    UPLIFT_ANALYTICS_URL point them elsewhere.
    """


@main.command()
def init() -> None:
    """Create or migrate the stores. Safe to run again."""
    _django()
    from uplift.orgs.store_setup import stores_initialise

    for line in stores_initialise():
        click.echo(line)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Set everything up, print the logins, and stop.")
@click.option("--seed", default=7, show_default=True, type=int, help="Seed of the demo data.")
def demo(host: str, port: int, no_serve: bool, seed: int) -> None:
    """Set up a demo organisation with logins, and serve the web app.

    The logins and a "start here" list stay on the terminal: the server's logs go to files in
    UPLIFT_HOME/logs, and the e-mails the demo sends to UPLIFT_HOME/demo-mail (unless
    UPLIFT_EMAIL_URL says where)."""
    from config.env import uplift_home

    home = uplift_home()
    mail = _demo_mail(home)
    _links_point_at(host=host, port=port)
    _django()
    from uplift.demo.steps import demo_run
    from uplift.demo.terminal import print_demo_logins, print_start_here
    from uplift.orgs.store_setup import stores_initialise

    for line in stores_initialise():
        click.echo(line)
    state = demo_run(seed=seed, on_step=lambda label: click.echo(f"demo: {label}…"))
    for note in state.notes:
        click.echo(f"demo: {note}")
    base_url = f"http://{host}:{port}"
    logs = None if no_serve else home / "logs"
    print_demo_logins(state.logins, base_url=base_url)
    print_start_here(state.logins, base_url=base_url, logs=logs, mail=mail)
    if logs is not None:
        _serve(host=host, port=port, workers=2, with_worker=True, logs=logs)


def _demo_mail(home: Path) -> str:
    """Where the demo's e-mails go, in words: a folder of UPLIFT_HOME (one file per message),
    set for this process and the server's, unless UPLIFT_EMAIL_URL names a place already."""
    if os.environ.get("UPLIFT_EMAIL_URL"):
        return f"where UPLIFT_EMAIL_URL says ({os.environ['UPLIFT_EMAIL_URL'].split('://')[0]})"
    folder = home / "demo-mail"
    os.environ["UPLIFT_EMAIL_URL"] = f"file://{folder}"
    return f"{folder} (one file per message)"


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--worker/--no-worker",
    "with_worker",
    default=True,
    show_default=True,
    help="Also run a background-task worker beside the web server.",
)
def serve(host: str, port: int, workers: int, with_worker: bool) -> None:
    """Serve the web app with gunicorn (static files included)."""
    _links_point_at(host=host, port=port)
    _django()
    from uplift.orgs.store_setup import stores_pending_migrations

    pending = stores_pending_migrations()
    if pending:
        click.secho(
            f"uplift: the database needs {pending} migration(s); run `uplift init` first.",
            fg="red",
            err=True,
        )
        sys.exit(1)
    _serve(host=host, port=port, workers=workers, with_worker=with_worker)


def _links_point_at(*, host: str, port: int) -> None:
    """Links in e-mails go to the address this server listens on, unless UPLIFT_BASE_URL names
    the installation's own (read by the settings; inherited by the task worker)."""
    from uplift.core.links import served_url

    os.environ["UPLIFT_SERVED_URL"] = served_url(host=host, port=port)


def _serve(
    *, host: str, port: int, workers: int, with_worker: bool, logs: Path | None = None
) -> None:
    from uplift.web.server import serve_forever

    serve_forever(host=host, port=port, workers=workers, with_worker=with_worker, logs=logs)


@main.command()
@click.option("--max-tasks", type=int, default=None, help="Stop after this many tasks.")
def worker(max_tasks: int | None) -> None:
    """Run background tasks (imports, analyses, e-mail) as they are queued.

    Work that a stopped worker left is taken back at start-up and every so often after."""
    _django()
    from uplift.core.worker import worker_run

    worker_run(max_tasks=max_tasks)


@main.command()
@click.argument("path", type=click.Path())
def backup(path: str) -> None:
    """Back up both stores into one file: PATH, or a new file in the folder PATH.

    A consistent copy of the application database and of every organisation's analytics data,
    with a manifest and checksums; imports wait while it runs, everything else goes on."""
    from pathlib import Path

    _django()
    from uplift.backups.archive import BackupRefused
    from uplift.backups.services import backup_create

    try:
        summary = backup_create(path=Path(path))
    except BackupRefused as exc:
        click.secho(f"uplift: backup failed. {exc}", fg="red", err=True)
        sys.exit(1)
    manifest = summary.manifest
    for organisation in manifest.organisations:
        held = f"version {organisation.version}" if organisation.version else "no CRM data yet"
        click.echo(f"analytics: {organisation.name}: {held}")
    click.echo(
        f"Backed up the {manifest.database_engine} database and {manifest.analytics_engine} "
        f"analytics of {len(manifest.organisations)} organisation(s) to {summary.path} "
        f"({summary.bytes / 2**20:.1f} MB)."
    )


@main.command()
@click.argument("path", type=click.Path())
@click.option("--force", is_flag=True, help="Replace what this installation holds.")
def restore(path: str, force: bool) -> None:
    """Restore a backup made by `uplift backup` (PATH, or the newest one in the folder PATH).

    The installation must be empty (add --force to replace its data) and stopped. Every file is
    checked against the backup's checksums first: a damaged backup changes nothing."""
    from pathlib import Path

    _django()
    from uplift.backups.archive import BackupRefused
    from uplift.backups.services import backup_restore

    try:
        for line in backup_restore(path=Path(path), force=force):
            click.echo(line)
    except BackupRefused as exc:
        click.secho(f"uplift: restore failed. {exc}", fg="red", err=True)
        sys.exit(1)
    click.echo("Restored. Start Uplift again (uplift serve, or the services).")


@main.group(name="import")
def import_() -> None:
    """Import CRM data and practice adoptions."""


ORGANISATION_OPTION = click.option(
    "--organisation", default=None, help="Slug of the organisation (when there are several)."
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
DRY_RUN_OPTION = click.option("--dry-run", is_flag=True, help="Check everything, write nothing.")
SKIP_INVALID_OPTION = click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid rows; leave out each row with a bad value (and each earlier copy of "
    "a repeated record) and write it, with its reason, to --rejects.",
)
REJECTS_OPTION = click.option(
    "--rejects",
    type=click.Path(dir_okay=False),
    default=None,
    help="With --skip-invalid: the CSV file the rejected rows are written to (default: "
    "rejects-<source>-<date and time>.csv in the working directory).",
)


@import_.command(name="salesforce")
@click.argument("directory", type=click.Path(file_okay=False))
@JSON_OPTION
@DRY_RUN_OPTION
@ORGANISATION_OPTION
@SKIP_INVALID_OPTION
@REJECTS_OPTION
def import_salesforce(
    *,
    directory: str,
    as_json: bool,
    dry_run: bool,
    organisation: str | None,
    skip_invalid: bool,
    rejects: str | None,
) -> None:
    """Import a Salesforce export (User, Account, Opportunity, …) from DIRECTORY."""
    _crm_import(
        "salesforce",
        directory,
        as_json=as_json,
        dry_run=dry_run,
        organisation=organisation,
        skip_invalid=skip_invalid,
        rejects=rejects,
    )


def _rejects_path(source: str, rejects: str | None, *, skip_invalid: bool) -> Path | None:
    """Where --skip-invalid writes the rejected rows: --rejects, else a file named after the
    import in the working directory. --rejects alone is a usage error."""
    from datetime import datetime
    from pathlib import Path

    if rejects and not skip_invalid:
        raise click.UsageError("--rejects FILE goes with --skip-invalid.")
    if not skip_invalid:
        return None
    if rejects:
        return Path(rejects).absolute()
    stamp = datetime.now().astimezone().strftime("%Y-%m-%d-%H%M%S")
    return Path.cwd() / f"rejects-{source}-{stamp}.csv"


def _crm_import(
    source: str,
    location: str,
    *,
    as_json: bool,
    dry_run: bool,
    organisation: str | None,
    skip_invalid: bool = False,
    rejects: str | None = None,
) -> None:
    """Run an import; print its summary (or JSON); exit 1 with a clear message on bad input.

    Every run is recorded in the import history as a command-line run, failed ones too."""
    import json
    from dataclasses import replace
    from pathlib import Path

    rejects_to = _rejects_path(source, rejects, skip_invalid=skip_invalid)
    _django()
    from uplift.crm.importers.errors import ImportInputError
    from uplift.crm.services import OrganisationChoiceError, crm_import, organisation_for_import
    from uplift.crm.terminal import import_progress, print_import_summary

    try:
        org = organisation_for_import(slug=organisation)
        with import_progress() as progress:
            summary = crm_import(
                source=source,
                location=Path(location),
                organisation=org,
                dry_run=dry_run,
                progress=progress,
                skip_invalid=skip_invalid,
                rejects=rejects_to,
            )
    except (ImportInputError, OrganisationChoiceError) as exc:
        click.secho(f"uplift: import failed, nothing was written. {exc}", fg="red", err=True)
        sys.exit(1)
    if skip_invalid and not rejects:
        note = "No --rejects was given: the rejects file is named after the import"
        summary = replace(summary, notes=[*summary.notes, note])
    if as_json:
        click.echo(json.dumps(summary.as_dict(), default=str, indent=2))
    else:
        print_import_summary(summary)


@import_.command(name="hubspot")
@click.argument("directory", type=click.Path(file_okay=False))
@JSON_OPTION
@DRY_RUN_OPTION
@ORGANISATION_OPTION
@SKIP_INVALID_OPTION
@REJECTS_OPTION
def import_hubspot(
    *,
    directory: str,
    as_json: bool,
    dry_run: bool,
    organisation: str | None,
    skip_invalid: bool,
    rejects: str | None,
) -> None:
    """Import a HubSpot CRM export (owners, companies, deals, engagements) from DIRECTORY."""
    _crm_import(
        "hubspot",
        directory,
        as_json=as_json,
        dry_run=dry_run,
        organisation=organisation,
        skip_invalid=skip_invalid,
        rejects=rejects,
    )


@import_.command(name="csv")
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False),
    help="The mapping file (TOML); see docs/mapping-format.md.",
)
@click.option(
    "--preset",
    metavar="NAME",
    help="A ready-made mapping for a CRM's standard export, read from DIR (see --presets).",
)
@click.option(
    "--presets",
    "list_presets",
    is_flag=True,
    help="List the ready-made mappings and the export each expects.",
)
@click.option(
    "--print",
    "print_preset",
    is_flag=True,
    help="With --preset NAME: print that mapping (TOML), to copy and adapt.",
)
@click.argument("directory", metavar="[DIR]", required=False, type=click.Path(file_okay=False))
@JSON_OPTION
@DRY_RUN_OPTION
@ORGANISATION_OPTION
@SKIP_INVALID_OPTION
@REJECTS_OPTION
def import_csv(
    *,
    mapping: str | None,
    preset: str | None,
    list_presets: bool,
    print_preset: bool,
    directory: str | None,
    as_json: bool,
    dry_run: bool,
    organisation: str | None,
    skip_invalid: bool,
    rejects: str | None,
) -> None:
    """Import any CRM export through a column mapping file, or a ready-made one for a CRM's
    standard export: --preset NAME DIR."""
    from uplift.crm import presets

    if list_presets:
        _presets_list(as_json=as_json)
        return
    location = _csv_location(
        mapping=mapping, preset=preset, directory=directory, print_preset=print_preset
    )
    if print_preset:
        click.echo(presets.preset_get(preset or "").path.read_text(encoding="utf-8"), nl=False)
        return
    _crm_import(
        "csv",
        location,
        as_json=as_json,
        dry_run=dry_run,
        organisation=organisation,
        skip_invalid=skip_invalid,
        rejects=rejects,
    )


def _csv_location(
    *, mapping: str | None, preset: str | None, directory: str | None, print_preset: bool
) -> str:
    """The location `import csv` reads: the mapping file, or DIR through a ready-made mapping.
    A wrong combination of options is a usage error (exit 2), saying what to give instead."""
    from pathlib import Path

    from uplift.crm import presets

    known = ", ".join(presets.preset_names())
    if mapping and preset:
        raise click.UsageError("Give --mapping FILE or --preset NAME DIR, not both.")
    if mapping:
        if directory or print_preset:
            raise click.UsageError(
                f"{'DIR' if directory else '--print'} goes with --preset NAME; "
                "a mapping file names its own files."
            )
        return mapping
    if not preset:
        raise click.UsageError(
            "Give --mapping FILE (a mapping of your own) or --preset NAME DIR (a ready-made "
            f"one: {known}); --presets lists what each expects."
        )
    if not presets.preset_exists(preset):
        raise click.UsageError(
            f"No ready-made mapping is named {preset!r}; the known ones: {known}."
        )
    if print_preset:
        return ""
    if not directory:
        raise click.UsageError(
            f"--preset {preset} reads the export in a folder: "
            f"uplift import csv --preset {preset} DIR"
        )
    if not Path(directory).is_dir():
        raise click.UsageError(f"{directory} is not a folder (DIR holds the export's files).")
    return str(presets.preset_location(name=preset, folder=Path(directory)))


def _presets_list(*, as_json: bool) -> None:
    import json

    from uplift.crm.presets import presets_all

    found = presets_all()
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in found], indent=2))
        return
    width = max(len(p.name) for p in found)
    for preset in found:
        also = f" (also --preset {', '.join(preset.aliases)})" if preset.aliases else ""
        click.echo(f"{preset.name:<{width}}  {preset.crm}: {preset.expects}{also}")
    click.echo(
        "\nImport with: uplift import csv --preset NAME DIR"
        "\nSee or adapt one: uplift import csv --preset NAME --print > mapping.toml"
    )


@import_.command(name="adoptions")
@click.argument("file", type=click.Path(dir_okay=False))
@JSON_OPTION
@DRY_RUN_OPTION
@ORGANISATION_OPTION
def import_adoptions(file: str, as_json: bool, dry_run: bool, organisation: str | None) -> None:
    """Back-fill practice adoptions (rep_email or rep_id, practice, adopted_on)."""
    import json
    from pathlib import Path

    _django()
    from uplift.crm.importers.errors import ImportInputError
    from uplift.crm.services import OrganisationChoiceError, organisation_for_import
    from uplift.practices.adoption_import import adoptions_import

    try:
        org = organisation_for_import(slug=organisation)
        summary = adoptions_import(path=Path(file), organisation=org, dry_run=dry_run)
    except (ImportInputError, OrganisationChoiceError) as exc:
        click.secho(f"uplift: import failed, nothing was written. {exc}", fg="red", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
    click.echo(
        f"{verb} {summary.read} adoptions from {summary.file}: {summary.inserted} new, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, {summary.rejected} rejected."
    )
    if summary.practices_created:
        click.echo("New draft practices: " + "; ".join(summary.practices_created))
    for unknown in summary.unknown_reps:
        who = unknown["rep_email"] or unknown["rep_id"]
        click.secho(f"Row {unknown['row']}: no person {who!r} in the organisation.", fg="yellow")


@import_.command(name="roster")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False),
    default=None,
    help="A TOML file whose [columns] name the roster's headers (email, name, title, "
    "manager_email, team, hire_date, leave_date); without it, headers are matched by name.",
)
@JSON_OPTION
@DRY_RUN_OPTION
@ORGANISATION_OPTION
@SKIP_INVALID_OPTION
@REJECTS_OPTION
def import_roster(
    *,
    file: str,
    mapping: str | None,
    as_json: bool,
    dry_run: bool,
    organisation: str | None,
    skip_invalid: bool,
    rejects: str | None,
) -> None:
    """The HR roster (CSV or spreadsheet): e-mail, name, title, manager e-mail, team, hire date,
    leave date. People past their leave date can no longer sign in. Once imported, the roster
    owns people's names, titles, teams, managers and dates: CRM imports leave them alone."""
    import json
    from pathlib import Path

    rejects_to = _rejects_path("roster", rejects, skip_invalid=skip_invalid)
    _django()
    from uplift.crm.importers.errors import ImportInputError
    from uplift.crm.roster import roster_import
    from uplift.crm.services import OrganisationChoiceError, organisation_for_import
    from uplift.crm.terminal import import_progress

    try:
        org = organisation_for_import(slug=organisation)
        with import_progress() as progress:
            summary = roster_import(
                path=Path(file),
                organisation=org,
                mapping=Path(mapping) if mapping else None,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                rejects=rejects_to,
                progress=progress,
            )
    except (ImportInputError, OrganisationChoiceError) as exc:
        click.secho(f"uplift: import failed, nothing was written. {exc}", fg="red", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(summary.as_dict(), indent=2))
        return
    verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
    click.echo(
        f"{verb} {summary.rows} people from {summary.file}: {summary.created} new, "
        f"{summary.updated} updated, {summary.unchanged} unchanged; {summary.departed} past "
        "their leave date (no sign-in)."
    )
    for name, count in summary.rejected.items():
        click.secho(f"{name}: {count} rows rejected.", fg="yellow" if count else None)
    if summary.rejects_file:
        click.echo(f"The rejected rows, with their reasons, are in {summary.rejects_file}.")
    for unknown in summary.unknown_managers:
        click.secho(
            f"Row {unknown['row']}: no person {unknown['manager_email']!r} to be the manager.",
            fg="yellow",
        )


@main.command()
@click.option("--as-of", "as_of", default=None, help="Analyse as of this date (YYYY-MM-DD).")
@click.option(
    "--metric",
    type=click.Choice(["auto", "attainment", "bookings", "win_rate", "avg_deal", "composite"]),
    default=None,
    help="What makes a star for this run; the organisation's saved definition otherwise.",
)
@ORGANISATION_OPTION
def analyze(as_of: str | None, metric: str | None, organisation: str | None) -> None:
    """Recompute every analysis from the stores."""
    _django()
    from uplift.crm.services import OrganisationChoiceError, organisation_for_import
    from uplift.crm.terminal import import_progress
    from uplift.pipeline.services import AnalysisFailed, analysis_run

    day = _parse_day(as_of)
    try:
        chosen = organisation_for_import(slug=organisation)
        with import_progress() as progress:
            run = analysis_run(organisation=chosen, as_of=day, metric=metric, progress=progress)
    except (AnalysisFailed, OrganisationChoiceError) as exc:
        click.secho(f"uplift: analysis failed. {exc}", fg="red", err=True)
        sys.exit(1)
    click.echo(f"Analysed {chosen.name} as of {run.as_of} in {run.seconds:.1f} s.")
    definition = (run.config or {}).get("definition") or {}
    if definition.get("sentence"):
        click.echo(definition["sentence"])
    for note in run.notes:
        click.echo(f"Note: {note}")


def _parse_day(value: str | None) -> Any:
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        click.secho(f"uplift: --as-of {value!r} is not a date (YYYY-MM-DD).", fg="red", err=True)
        sys.exit(2)


@main.command()
@click.argument("name", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.option("--team", default=None, help="Only this team.")
@click.option("--as-of", "as_of", default=None, help="As of this date (YYYY-MM-DD).")
@ORGANISATION_OPTION
def report(
    name: str, as_json: bool, team: str | None, as_of: str | None, organisation: str | None
) -> None:
    """Print a report as a table, or as JSON.

    NAME: scorecards, segments, gap, drivers, impact, team-iq, leaders, star-profiles, credit,
    initiative.
    """
    import json

    # Only what reading a stored analysis needs: the engine and the statistics load when a
    # report has to analyse first (--as-of a day not analysed yet), and `rich` for a table.
    _django()
    from uplift.insights.selectors import analysis_latest
    from uplift.orgs.choice import OrganisationChoiceError, organisation_for_import
    from uplift.pipeline.reports import (
        MissingSnapshot,
        UnknownTeam,
        report_document,
        report_names,
    )

    if name not in report_names():
        raise click.BadParameter(f"{name!r}: choose from {', '.join(report_names())}.")
    day = _parse_day(as_of)
    try:
        chosen = organisation_for_import(slug=organisation)
        run = analysis_latest(organisation=chosen, as_of=day)
        if run is None and day is not None:
            run = _analysed_on(chosen, day)
        if run is None:
            click.secho(
                "uplift: nothing has been analysed yet: run `uplift analyze` first.",
                fg="red",
                err=True,
            )
            sys.exit(1)
        document = report_document(name=name, run=run, team=team, today=day)
    except (OrganisationChoiceError, UnknownTeam, MissingSnapshot) as exc:
        click.secho(f"uplift: {exc}", fg="red", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(document, indent=2, default=str))
    else:
        from uplift.pipeline.terminal import print_report

        print_report(name, document)


def _analysed_on(organisation: Any, day: Any) -> Any:
    """A new analysis as of `day`, for a report on a day not analysed yet; exit 1 if it fails."""
    from uplift.pipeline.services import AnalysisFailed, analysis_run

    try:
        return analysis_run(organisation=organisation, as_of=day)
    except AnalysisFailed as exc:
        click.secho(f"uplift: {exc}", fg="red", err=True)
        sys.exit(1)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--reps", default=120, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--months", default=18, show_default=True, type=click.IntRange(1, 240))
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--force", is_flag=True, help="Write into DIRECTORY even if it is not empty.")
def generate(directory: str, reps: int, months: int, seed: int, force: bool) -> None:
    """Write a realistic synthetic Salesforce export with planted, known effects."""
    from pathlib import Path

    from uplift.synthetic import generate_export
    from uplift.synthetic.terminal import generation_progress, print_generation_summary

    target = Path(directory)
    if target.is_dir() and any(target.iterdir()) and not force:
        click.secho(
            f"uplift: {target} is not empty. Choose an empty directory, or add --force to "
            "overwrite the export files in it. Nothing was written.",
            fg="red",
            err=True,
        )
        sys.exit(2)
    with generation_progress(interactive=sys.stdout.isatty()) as progress:
        summary = generate_export(target, reps=reps, months=months, seed=seed, progress=progress)
    print_generation_summary(summary)


@main.group(name="person")
def person_() -> None:
    """One person's data: everything Uplift holds about them, or its erasure."""


def _data_subject(email: str, organisation: str | None) -> Any:
    from uplift.core.refusals import Refusal
    from uplift.crm.services import OrganisationChoiceError, organisation_for_import
    from uplift.privacy.services import data_subject_by_email

    try:
        org = organisation_for_import(slug=organisation)
        return data_subject_by_email(organisation=org, email=email)
    except (OrganisationChoiceError, Refusal) as exc:
        click.secho(f"uplift: {exc}", fg="red", err=True)
        sys.exit(1)


@person_.command(name="export")
@click.argument("email")
@ORGANISATION_OPTION
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="The zip to write (default: person-<id>-<date>.zip in the working directory).",
)
def person_export(email: str, organisation: str | None, output: str | None) -> None:
    """Everything Uplift holds about one person, as a zip of JSON and CSV with a README."""
    from pathlib import Path

    _django()
    from django.utils import timezone

    from uplift.audit.context import acting
    from uplift.privacy.services import person_export as export

    person = _data_subject(email, organisation)
    target = Path(output or f"person-{person.pk}-{timezone.localdate().isoformat()}.zip")
    with acting(person=None):
        data = export(person=person, by=None, by_words=f"the command line ({_os_user()})")
    try:
        target.write_bytes(data)
    except OSError as exc:
        click.secho(f"uplift: cannot write {target}: {exc.strerror}", fg="red", err=True)
        sys.exit(1)
    click.echo(f"Wrote {target} ({len(data):,} bytes): everything Uplift holds about {email}.")


@person_.command(name="erase")
@click.argument("email")
@ORGANISATION_OPTION
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@JSON_OPTION
def person_erase(email: str, organisation: str | None, yes: bool, as_json: bool) -> None:
    """Erase one person: a pseudonym for their identity, their free text deleted, their points
    reversed. Their records stay, so counts and other people's histories do not change."""
    import json

    _django()
    from uplift.audit.context import acting
    from uplift.core.refusals import Refusal
    from uplift.privacy.services import person_erase_confirmed

    person = _data_subject(email, organisation)
    if not yes:
        click.confirm(
            f"Erase {person.full_name} <{person.email}>? This cannot be undone", abort=True
        )
    try:
        with acting(person=None):
            result = person_erase_confirmed(person=person, by=None, confirm=person.email)
    except Refusal as exc:
        click.secho(f"uplift: {exc}", fg="red", err=True)
        sys.exit(1)
    summary = {
        "person_id": person.pk,
        "pseudonym": result.pseudonym,
        "texts_cleared": result.texts_cleared,
        "mentions_replaced": result.mentions_replaced,
        "snapshots_rewritten": result.snapshots_rewritten,
        "points_reversed": result.points_reversed,
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(
        f"Erased {email}: now {result.pseudonym}; {sum(result.texts_cleared.values())} texts "
        f"cleared, {result.mentions_replaced} mentions and {result.snapshots_rewritten} stored "
        f"analyses rewritten, {result.points_reversed} points entries reversed."
    )


def _os_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


@main.command(name="sync")
@click.argument("crm", type=click.Choice(["salesforce", "hubspot"]))
@click.option("--full", is_flag=True, help="Read everything again, not only what changed.")
@ORGANISATION_OPTION
@JSON_OPTION
@click.option(
    "--instance-url",
    "--base-url",
    "url",
    default=None,
    help="For a scripted run: Salesforce's instance URL (--instance-url) or HubSpot's API base "
    "URL (--base-url), with --access-token.",
)
@click.option(
    "--access-token",
    default=None,
    help="For a scripted run: an access token used for this run only, never kept.",
)
def sync_crm(
    *,
    crm: str,
    full: bool,
    organisation: str | None,
    as_json: bool,
    url: str | None,
    access_token: str | None,
) -> None:
    """Bring a connected CRM's data up to date (incremental unless --full).

    Every page read is kept as it arrives, so a sync stopped half-way goes on from there next
    time. See docs/crm-sync.md to connect Salesforce or HubSpot."""
    import json

    if url and not access_token:
        raise click.UsageError("--instance-url/--base-url goes with --access-token.")
    _django()
    from uplift.core.refusals import Refusal
    from uplift.crm.services import OrganisationChoiceError, organisation_for_import
    from uplift.crm.sync.connector import SyncFailed
    from uplift.crm.sync.services import crm_sync
    from uplift.crm.sync.terminal import print_sync_summary
    from uplift.crm.terminal import import_progress

    try:
        chosen = organisation_for_import(slug=organisation)
        with import_progress() as progress:
            result = crm_sync(
                organisation=chosen,
                kind=crm,
                full=full,
                base_url=url,
                access_token=access_token,
                progress=progress,
            )
    except (SyncFailed, Refusal, OrganisationChoiceError) as exc:
        click.secho(f"uplift: sync failed. {exc}", fg="red", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.as_dict(), default=str, indent=2))
    else:
        print_sync_summary(result)


@main.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (e.g. `uplift manage createsuperuser`)."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["uplift manage", *args])


if __name__ == "__main__":
    main()
