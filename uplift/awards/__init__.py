"""Formal recognition events: categories, nominations, winners, programme."""
