"""The forms of the CRM connections page: connecting Salesforce (web-server flow or JWT bearer
flow) and HubSpot (OAuth app or private-app token), a connection's settings, Sync now and
Disconnect."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from uplift.web.text_forms import FreeTextForm

LOGIN_CHOICES = [
    ("https://login.salesforce.com", "Production (login.salesforce.com)"),
    ("https://test.salesforce.com", "Sandbox (test.salesforce.com)"),
]
PRIVATE_KEY_MAX_BYTES = 64 * 1024


class StyledForm(FreeTextForm):
    """Bootstrap's classes on every input, so the template renders each field alike; every text
    field follows the free-text rule."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            checkbox = isinstance(field.widget, forms.CheckboxInput)
            css = "form-check-input" if checkbox else "form-control"
            field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()


class LoginUrlField(forms.URLField):
    """Production, a sandbox, or the org's My Domain address."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label="Salesforce sign-in address",
            initial=LOGIN_CHOICES[0][0],
            assume_scheme="https",
            help_text="login.salesforce.com for production, test.salesforce.com for a sandbox, "
            "or your org's My Domain address.",
            **kwargs,
        )


class SalesforceWebForm(StyledForm):
    login_url = LoginUrlField()
    client_id = forms.CharField(label="Consumer key", max_length=300)
    client_secret = forms.CharField(
        label="Consumer secret", max_length=300, widget=forms.PasswordInput
    )


class SalesforceJwtForm(StyledForm):
    login_url = LoginUrlField()
    client_id = forms.CharField(label="Consumer key", max_length=300)
    username = forms.CharField(label="Integration user's username", max_length=300)
    private_key = forms.FileField(
        label="Private key (uplift.key)",
        help_text="Stored encrypted and never shown again.",
    )

    def clean_private_key(self) -> str:
        upload = self.cleaned_data["private_key"]
        if upload.size > PRIVATE_KEY_MAX_BYTES:
            raise forms.ValidationError("This is not a private key: the file is too large.")
        text = upload.read().decode("utf-8", errors="replace")
        if "PRIVATE KEY-----" not in text:
            raise forms.ValidationError(
                "This is not a PEM private key (it starts with -----BEGIN PRIVATE KEY-----)."
            )
        return str(text)


class HubspotTokenForm(StyledForm):
    access_token = forms.CharField(
        label="Private app's access token",
        max_length=500,
        widget=forms.PasswordInput,
        help_text="It starts with pat-. Stored encrypted and never shown again.",
    )
    base_url = forms.URLField(
        label="HubSpot API address",
        initial="https://api.hubapi.com",
        assume_scheme="https",
    )


class HubspotOAuthForm(StyledForm):
    client_id = forms.CharField(label="App's client ID", max_length=300)
    client_secret = forms.CharField(
        label="App's client secret",
        max_length=300,
        widget=forms.PasswordInput,
        help_text="Stored encrypted and never shown again.",
    )
    authorize_url = forms.URLField(
        label="HubSpot authorize address",
        initial="https://app.hubspot.com/oauth/authorize",
        assume_scheme="https",
        help_text="app-eu1.hubspot.com for an account in HubSpot's EU data centre.",
    )
    base_url = forms.URLField(
        label="HubSpot API address",
        initial="https://api.hubapi.com",
        assume_scheme="https",
    )


class ConnectionSettingsForm(StyledForm):
    schedule_minutes = forms.IntegerField(
        label="Sync every (minutes)",
        min_value=0,
        help_text="0: only when someone presses Sync now.",
    )
    api_share_percent = forms.IntegerField(
        label="Share of Salesforce's daily API allowance Uplift may use (%)",
        min_value=1,
        max_value=100,
    )
    field_mapping = forms.CharField(
        label="Custom fields (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}),
        help_text='For example {"segment": "Account.Customer_Tier__c"}; '
        "docs/crm-sync.md lists the keys.",
    )

    def clean_field_mapping(self) -> dict[str, object]:
        text = (self.cleaned_data.get("field_mapping") or "").strip()
        if not text:
            return {}
        try:
            mapping = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"This is not JSON: {exc.msg} (line {exc.lineno})."
            ) from exc
        if not isinstance(mapping, dict):
            raise forms.ValidationError('The mapping is an object: {"segment": "Object.Field"}.')
        return mapping


class SyncNowForm(FreeTextForm):
    full = forms.BooleanField(required=False)


class DisconnectForm(StyledForm):
    confirm = forms.BooleanField(
        label="Yes, delete its credentials (the data imported so far stays)",
        error_messages={"required": "Tick the box to disconnect."},
    )
