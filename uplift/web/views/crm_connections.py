"""The CRM connections page (enablement admins): connect Salesforce (OAuth 2.0 web-server flow
with state and PKCE, or the JWT bearer flow) and HubSpot (OAuth 2.0 authorization-code flow with
state, or a private app's token), see each
connection's status, last and next sync, change its schedule, API share and custom fields, sync
now, re-sync in full, and disconnect."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from uplift.core.refusals import Refusal
from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import (
    connection_connect,
    connection_disconnect,
    connection_settings_update,
)
from uplift.crm.sync.connector import SyncFailed
from uplift.crm.sync.hubspot_connect import hubspot_authorize_url, hubspot_connect_oauth
from uplift.crm.sync.overview import access_crm_connection, crm_connections_overview
from uplift.crm.sync.salesforce_auth import authorize_url
from uplift.crm.sync.salesforce_connect import salesforce_connect_jwt, salesforce_connect_web
from uplift.crm.sync.salesforce_objects import mapping_check
from uplift.crm.sync.secrets import ConnectionSecrets, secrets_decrypt, secrets_encrypt
from uplift.crm.sync.services import sync_now
from uplift.orgs import access
from uplift.orgs.access import page_rule
from uplift.web.http import MAX_QUERY_TEXT, AuthedRequest, query_text
from uplift.web.refusals import form_add_refusal
from uplift.web.views.crm_connections_forms import (
    ConnectionSettingsForm,
    DisconnectForm,
    HubspotOAuthForm,
    HubspotTokenForm,
    SalesforceJwtForm,
    SalesforceWebForm,
    SyncNowForm,
)

OAUTH_SESSION_KEY = "crm_salesforce_oauth"
HUBSPOT_OAUTH_SESSION_KEY = "crm_hubspot_oauth"
TEMPLATE = "crm/connections.html"


def _page(request: AuthedRequest, status: int = 200, **forms_given: forms.Form) -> HttpResponse:
    organisation = access.viewer_organisation(request.user)
    overviews = crm_connections_overview(organisation=organisation)
    context: dict[str, Any] = {
        "overviews": overviews,
        "settings_forms": {
            o.connection.pk: forms_given.get(f"settings_{o.connection.pk}")
            or ConnectionSettingsForm(
                initial={
                    "schedule_minutes": o.connection.schedule_minutes,
                    "api_share_percent": o.connection.api_share_percent,
                    "field_mapping": _mapping_text(o.connection.field_mapping),
                },
                auto_id=f"c{o.connection.pk}-%s",
            )
            for o in overviews
        },
        "web_form": forms_given.get("web") or SalesforceWebForm(prefix="web"),
        "jwt_form": forms_given.get("jwt") or SalesforceJwtForm(prefix="jwt"),
        "hubspot_form": forms_given.get("hubspot") or HubspotTokenForm(prefix="hubspot"),
        "hubspot_oauth_form": forms_given.get("hubspot_oauth")
        or HubspotOAuthForm(prefix="hubspot-oauth"),
    }
    return render(request, TEMPLATE, context, status=status)


def _mapping_text(mapping: dict[str, Any]) -> str:
    return json.dumps(mapping, indent=1) if mapping else ""


def _done(request: AuthedRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("crm_connections")


@page_rule(access.ADMINS)
def crm_connections(request: AuthedRequest) -> HttpResponse:
    """The organisation's CRM connections and the forms to connect one."""
    return _page(request)


def _callback_url(request: AuthedRequest) -> str:
    return request.build_absolute_uri(reverse("crm_salesforce_callback"))


@require_POST
@page_rule(access.ADMINS)
def crm_salesforce_authorize(request: AuthedRequest) -> HttpResponse:
    """Send the admin on to Salesforce to allow Uplift to read it; the state and the PKCE
    verifier wait in their session (the consumer secret encrypted) for the callback."""
    form = SalesforceWebForm(request.POST, prefix="web")
    if not form.is_valid():
        return _page(request, status=400, web=form)
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    request.session[OAUTH_SESSION_KEY] = {
        "state": state,
        "verifier": verifier,
        "login_url": form.cleaned_data["login_url"],
        "client_id": form.cleaned_data["client_id"],
        "secret": secrets_encrypt(
            ConnectionSecrets(client_secret=form.cleaned_data["client_secret"])
        ),
    }
    url = authorize_url(
        login_url=form.cleaned_data["login_url"],
        client_id=form.cleaned_data["client_id"],
        redirect_uri=_callback_url(request),
        state=state,
        code_challenge=challenge.decode().rstrip("="),
    )
    # A page that moves on by itself rather than a redirect: the pages' policy lets forms post
    # only to Uplift (form-action 'self'), which a redirect of the form's answer would break.
    return render(request, "crm/to_salesforce.html", {"authorize_url": url})


@page_rule(access.ADMINS)
def crm_salesforce_callback(request: AuthedRequest) -> HttpResponse:
    """Salesforce sends the admin back here with a code (or the reason it did not): the code
    becomes the connection's tokens. A state that is not the one this admin was sent with is
    refused (400): the answer was not meant for them."""
    pending = _pending_oauth(request, OAUTH_SESSION_KEY, "Salesforce")
    denied = _denied(request, "Salesforce")
    if denied is not None:
        return denied
    try:
        salesforce_connect_web(
            organisation=access.viewer_organisation(request.user),
            login_url=str(pending["login_url"]),
            client_id=str(pending["client_id"]),
            client_secret=secrets_decrypt(str(pending["secret"])).client_secret,
            redirect_uri=_callback_url(request),
            code=query_text(request, "code", max_length=MAX_QUERY_TEXT),
            code_verifier=str(pending["verifier"]),
            connected_by=request.user,
        )
    except (SyncFailed, Refusal) as exc:
        messages.error(request, f"Salesforce is not connected: {exc}")
        return redirect("crm_connections")
    return _done(request, "Salesforce is connected. Press Sync now for the first sync.")


@require_POST
@page_rule(access.ADMINS)
def crm_salesforce_jwt(request: AuthedRequest) -> HttpResponse:
    """Connect Salesforce with the JWT bearer flow: a first token proves the key and the user."""
    form = SalesforceJwtForm(request.POST, request.FILES, prefix="jwt")
    if form.is_valid():
        try:
            salesforce_connect_jwt(
                organisation=access.viewer_organisation(request.user),
                login_url=form.cleaned_data["login_url"],
                client_id=form.cleaned_data["client_id"],
                username=form.cleaned_data["username"],
                private_key=form.cleaned_data["private_key"],
                connected_by=request.user,
            )
        except Refusal as exc:
            form_add_refusal(form, exc)
        except SyncFailed as exc:
            form.add_error(None, f"Salesforce refused: {exc}")
        else:
            return _done(request, "Salesforce is connected. Press Sync now for the first sync.")
    return _page(request, status=400, jwt=form)


def _hubspot_callback_url(request: AuthedRequest) -> str:
    return request.build_absolute_uri(reverse("crm_hubspot_callback"))


def _pending_oauth(request: AuthedRequest, key: str, crm: str) -> dict[str, Any]:
    """What the admin was sent to the CRM with, taken from their session (once: an answer
    cannot be replayed); refused (400) when the answer's state is not the one issued."""
    pending = request.session.pop(key, None)
    state = query_text(request, "state", max_length=MAX_QUERY_TEXT)
    if not pending or not state or not secrets.compare_digest(state, str(pending["state"])):
        raise BadRequest(
            f"This answer from {crm} does not belong to a connection started here: "
            f"press Connect {crm} again."
        )
    return dict(pending)


def _denied(request: AuthedRequest, crm: str) -> HttpResponse | None:
    """The CRM's answer when the admin did not allow the connection (or it failed there)."""
    error = query_text(request, "error", max_length=MAX_QUERY_TEXT)
    if not error:
        return None
    reason = query_text(request, "error_description", max_length=300) or error[:300]
    messages.error(request, f"{crm} did not allow the connection: {reason}.")
    return redirect("crm_connections")


@require_POST
@page_rule(access.ADMINS)
def crm_hubspot_authorize(request: AuthedRequest) -> HttpResponse:
    """Send the admin on to HubSpot to install the OAuth app; the state waits in their session
    (the client secret encrypted) for the callback."""
    form = HubspotOAuthForm(request.POST, prefix="hubspot-oauth")
    if not form.is_valid():
        return _page(request, status=400, hubspot_oauth=form)
    state = secrets.token_urlsafe(32)
    try:
        url = hubspot_authorize_url(
            authorize_url=form.cleaned_data["authorize_url"],
            client_id=form.cleaned_data["client_id"],
            redirect_uri=_hubspot_callback_url(request),
            state=state,
        )
    except Refusal as exc:
        form_add_refusal(form, exc)
        return _page(request, status=400, hubspot_oauth=form)
    request.session[HUBSPOT_OAUTH_SESSION_KEY] = {
        "state": state,
        "base_url": form.cleaned_data["base_url"],
        "client_id": form.cleaned_data["client_id"],
        "secret": secrets_encrypt(
            ConnectionSecrets(client_secret=form.cleaned_data["client_secret"])
        ),
    }
    return render(request, "crm/to_hubspot.html", {"authorize_url": url})


@page_rule(access.ADMINS)
def crm_hubspot_callback(request: AuthedRequest) -> HttpResponse:
    """HubSpot sends the admin back here with a code: it becomes the connection's tokens and
    the first sync is queued. A state not issued to this admin, in this session, is refused
    (400) and nothing is kept."""
    pending = _pending_oauth(request, HUBSPOT_OAUTH_SESSION_KEY, "HubSpot")
    denied = _denied(request, "HubSpot")
    if denied is not None:
        return denied
    try:
        _connection, job = hubspot_connect_oauth(
            organisation=access.viewer_organisation(request.user),
            base_url=str(pending["base_url"]),
            client_id=str(pending["client_id"]),
            client_secret=secrets_decrypt(str(pending["secret"])).client_secret,
            redirect_uri=_hubspot_callback_url(request),
            code=query_text(request, "code", max_length=MAX_QUERY_TEXT),
            connected_by=request.user,
        )
    except (SyncFailed, Refusal) as exc:
        messages.error(request, f"HubSpot is not connected: {exc}")
        return redirect("crm_connections")
    messages.success(request, "HubSpot is connected. The first sync runs in the background.")
    return redirect("job_status", job_id=job.pk)


@require_POST
@page_rule(access.ADMINS)
def crm_hubspot_token(request: AuthedRequest) -> HttpResponse:
    """Connect HubSpot with a private app's access token (kept encrypted)."""
    form = HubspotTokenForm(request.POST, prefix="hubspot")
    if form.is_valid():
        try:
            connection_connect(
                organisation=access.viewer_organisation(request.user),
                kind=CrmConnection.Kind.HUBSPOT,
                base_url=form.cleaned_data["base_url"],
                auth_kind=CrmConnection.AuthKind.HUBSPOT_PRIVATE_APP,
                secrets=ConnectionSecrets(access_token=form.cleaned_data["access_token"]),
                connected_by=request.user,
            )
        except Refusal as exc:
            form_add_refusal(form, exc)
        else:
            return _done(request, "HubSpot is connected. Press Sync now for the first sync.")
    return _page(request, status=400, hubspot=form)


@require_POST
@page_rule(access.ADMINS)
def crm_connection_settings(request: AuthedRequest, connection_id: int) -> HttpResponse:
    """Change the connection's schedule, API share and custom fields."""
    connection = access_crm_connection(request.user, connection_id)
    form = ConnectionSettingsForm(request.POST, auto_id=f"c{connection.pk}-%s")
    if form.is_valid():
        try:
            mapping = form.cleaned_data["field_mapping"]
            if connection.kind == CrmConnection.Kind.SALESFORCE:
                mapping = mapping_check(mapping)
            connection_settings_update(
                connection=connection,
                schedule_minutes=form.cleaned_data["schedule_minutes"],
                api_share_percent=form.cleaned_data["api_share_percent"],
                field_mapping=mapping,
            )
        except Refusal as exc:
            form_add_refusal(form, exc)
        else:
            return _done(request, f"The {connection.get_kind_display()} settings are saved.")
    return _page(request, status=400, **{f"settings_{connection.pk}": form})


@require_POST
@page_rule(access.ADMINS)
def crm_connection_sync(request: AuthedRequest, connection_id: int) -> HttpResponse:
    """Sync now (or a full re-sync): queued; its page shows how far it is."""
    connection = access_crm_connection(request.user, connection_id)
    form = SyncNowForm(request.POST)
    full = form.is_valid() and bool(form.cleaned_data["full"])
    try:
        job = sync_now(connection=connection, person=request.user, full=full)
    except Refusal as exc:
        messages.error(request, str(exc))
        return redirect("crm_connections")
    messages.info(request, f"{job.title}: it runs in the background.")
    return redirect("job_status", job_id=job.pk)


@require_POST
@page_rule(access.ADMINS)
def crm_connection_disconnect(request: AuthedRequest, connection_id: int) -> HttpResponse:
    """Disconnect after a confirmation: the credentials are deleted, the data stays."""
    connection = access_crm_connection(request.user, connection_id)
    form = DisconnectForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tick the box to confirm, then press Disconnect.")
        return _page(request, status=400)
    connection_disconnect(connection=connection)
    return _done(
        request,
        f"{connection.get_kind_display()} is disconnected: its credentials are deleted, the "
        "data imported so far stays.",
    )
