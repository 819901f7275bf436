"""Pages of the sharing initiatives."""
