"""Posting spotlights to Slack and Microsoft Teams: queued on commit, retried a few times, every
outcome recorded on a `WebhookDelivery` row that the admin page shows. A failure never touches
the spotlight itself."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uplift.core.links import site_url
from uplift.core.refusals import Invalid
from uplift.orgs.models import Organisation
from uplift.recognition.evidence import evidence_lines
from uplift.recognition.integrations import (
    ChatNotice,
    SpotlightPost,
    WebhookError,
    WebhookRefused,
    post_json,
    slack,
    teams,
)
from uplift.recognition.integrations.targets import WebhookTargetRefused, target_addresses
from uplift.recognition.models import RecognitionSettings, Spotlight, WebhookDelivery

MAX_ATTEMPTS = 3
RETRY_PAUSE_SECONDS = 0.5


def webhook_url_check(url: str, *, field: str | None = None) -> str:
    """An https URL whose host resolves to public addresses only (integrations/targets.py);
    with UPLIFT_WEBHOOK_ALLOW_PRIVATE, also a chat server inside the network, over http too.
    A refusal names `field`, the input the URL came from."""
    url = url.strip()
    if not url:
        return ""
    try:
        target_addresses(url, allow_private=settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE)
    except WebhookTargetRefused as refusal:
        raise Invalid(str(refusal), field=field) from refusal
    return url


def recognition_settings_get(*, organisation: Organisation) -> RecognitionSettings:
    found, _ = RecognitionSettings.objects.get_or_create(organisation=organisation)
    return found


def recognition_settings_update(
    *,
    organisation: Organisation,
    slack_webhook_url: str,
    teams_webhook_url: str,
    teams_format: str,
    revenue_leaderboards: bool,
) -> RecognitionSettings:
    if teams_format not in RecognitionSettings.TeamsFormat.values:
        raise Invalid("Choose MessageCard or Adaptive Card for Teams.", field="teams_format")
    found = recognition_settings_get(organisation=organisation)
    found.slack_webhook_url = webhook_url_check(slack_webhook_url, field="slack_webhook_url")
    found.teams_webhook_url = webhook_url_check(teams_webhook_url, field="teams_webhook_url")
    found.teams_format = teams_format
    found.save()
    if organisation.revenue_leaderboards != revenue_leaderboards:
        organisation.revenue_leaderboards = revenue_leaderboards
        organisation.save(update_fields=["revenue_leaderboards"])
    return found


def webhook_deliveries_queue(*, spotlight: Spotlight) -> list[WebhookDelivery]:
    """One delivery per configured webhook, each posted by a task once the spotlight commits."""
    from uplift.recognition.tasks import webhook_deliver

    config = RecognitionSettings.objects.filter(organisation_id=spotlight.organisation_id).first()
    if config is None:
        return []
    deliveries = [
        WebhookDelivery.objects.create(spotlight=spotlight, channel=channel, url=url)
        for channel, url in (
            (WebhookDelivery.Channel.SLACK, config.slack_webhook_url),
            (WebhookDelivery.Channel.TEAMS, config.teams_webhook_url),
        )
        if url
    ]
    for delivery in deliveries:
        delivery_id = delivery.pk
        transaction.on_commit(lambda d=delivery_id: webhook_deliver.enqueue(d))  # type: ignore[misc]
    return deliveries


def spotlight_post_text(spotlight: Spotlight) -> SpotlightPost:
    path = reverse("recognition_feed") + f"#spotlight-{spotlight.pk}"
    return SpotlightPost(
        author=spotlight.author.full_name,
        contributor=spotlight.contributor.full_name,
        message=spotlight.message,
        facts=evidence_lines(spotlight.evidence),
        link=site_url(path),
    )


def webhook_payload(delivery: WebhookDelivery) -> dict[str, object]:
    post = spotlight_post_text(delivery.spotlight)
    if delivery.channel == WebhookDelivery.Channel.SLACK:
        return slack.spotlight_payload(post)
    config = RecognitionSettings.objects.filter(
        organisation_id=delivery.spotlight.organisation_id
    ).first()
    if config is not None and config.teams_format == RecognitionSettings.TeamsFormat.ADAPTIVE_CARD:
        return teams.adaptive_card(post)
    return teams.message_card(post)


def webhook_delivery_run(*, delivery_id: int) -> WebhookDelivery | None:
    """Post one queued delivery, retrying up to MAX_ATTEMPTS; a delivery already finished (a
    second delivery of the task) is left alone."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.QUEUED, attempts=0
    ).update(attempts=1)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related(
        "spotlight__author", "spotlight__contributor"
    ).get(pk=delivery_id)
    payload = webhook_payload(delivery)
    error = ""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        delivery.attempts = attempt
        try:
            post_json(delivery.url, payload, allow_private=settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE)
        except WebhookRefused as refusal:  # the same again would be refused again
            error = str(refusal)[:500]
            break
        except WebhookError as failure:
            error = str(failure)[:500]
            if attempt < MAX_ATTEMPTS:
                time.sleep(RETRY_PAUSE_SECONDS * attempt)
            continue
        error = ""
        break
    delivery.status = WebhookDelivery.Status.FAILED if error else WebhookDelivery.Status.SENT
    delivery.error = error
    delivery.finished_at = timezone.now()
    delivery.save(update_fields=["attempts", "status", "error", "finished_at"])
    return delivery


def chat_notice_post(*, organisation: Organisation, notice: ChatNotice) -> dict[str, str]:
    """Post a notice to the organisation's Slack and Teams webhooks, once each, now (the caller
    is a background job). Returns each configured channel's outcome ("sent" or the error); an
    organisation without webhooks gets an empty answer."""
    config = RecognitionSettings.objects.filter(organisation=organisation).first()
    if config is None:
        return {}
    teams_payload = (
        teams.notice_adaptive_card(notice)
        if config.teams_format == RecognitionSettings.TeamsFormat.ADAPTIVE_CARD
        else teams.notice_message_card(notice)
    )
    outcomes = {}
    for channel, url, payload in (
        (WebhookDelivery.Channel.SLACK, config.slack_webhook_url, slack.notice_payload(notice)),
        (WebhookDelivery.Channel.TEAMS, config.teams_webhook_url, teams_payload),
    ):
        if not url:
            continue
        try:
            post_json(url, payload, allow_private=settings.UPLIFT_WEBHOOK_ALLOW_PRIVATE)
        except WebhookError as failure:
            outcomes[str(channel)] = str(failure)[:500]
        else:
            outcomes[str(channel)] = "sent"
    return outcomes
