"""Printable PDFs of pages: the same data the page shows, laid out for A4, with the charts drawn
on the server (WeasyPrint renders the HTML; matplotlib draws each chart as SVG)."""
