"""The Markdown editor: a text area with formatting buttons and a live preview drawn by the
server (`markdown_preview`), so that what the writer sees is what the page will show."""

from __future__ import annotations

from django import forms


class MarkdownEditor(forms.Textarea):
    """A form's text area for Markdown (a card's sections). Needs an ``id`` (Django gives every
    bound field one), which the toolbar and the preview point at."""

    template_name = "web/widgets/markdown_editor.html"
