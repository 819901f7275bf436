"""Printable documents: HTML rendered to an A4 PDF by WeasyPrint (the awards' programme, the
printouts of pages).

Nothing is fetched while rendering: styles are in the document, charts are inline SVG, and any
other resource may only be a `data:` URL, so text someone typed (a name, a note) can never make
the server request an address."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher


def pdf_from_html(html: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"})
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


def pdf_filename(*words: str) -> str:
    """`acme-stars-and-gap-2026-03-31.pdf` from the words given: letters and digits only."""
    text = "-".join(words).lower()
    slug = "".join(ch if ch.isalnum() else "-" for ch in text)
    return f"{'-'.join(filter(None, slug.split('-')))}.pdf"
