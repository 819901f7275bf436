"""The SCIM filters identity providers send (`userName eq "ann@acme.com"`, `externalId eq
"00u1…"`, `displayName eq "Alpha"`, joined by `and`), read with scim2-filter-parser's lexer and
turned into a query. Anything else is refused as an invalid filter (RFC 7644 §3.4.2.2)."""

from __future__ import annotations

from django.db.models import Q
from scim2_filter_parser.lexer import SCIMLexer

from uplift.core.refusals import Invalid


class FilterError(Invalid):
    """A filter Uplift does not read; SCIM calls it `invalidFilter`."""


def filter_query(text: str, fields: dict[str, str]) -> Q:
    """`fields` maps SCIM attribute names (lower case) to model fields."""
    try:
        tokens = [(t.type, t.value) for t in SCIMLexer().tokenize(text)]
    except Exception as error:  # the lexer raises its own errors on characters it cannot read
        raise FilterError(f"The filter cannot be read: {error}", code="invalidFilter") from error
    query = Q()
    position = 0
    while position < len(tokens):
        part = tokens[position : position + 3]
        if len(part) < 3 or part[0][0] != "ATTRNAME" or part[1][0] != "EQ":
            raise FilterError(
                "Only 'attribute eq \"value\"' filters joined by 'and' are read.",
                code="invalidFilter",
            )
        field = fields.get(str(part[0][1]).lower())
        if field is None:
            raise FilterError(f"Filtering by {part[0][1]} is not supported.", code="invalidFilter")
        query &= Q(**{f"{field}__iexact": str(part[2][1])})
        position += 3
        if position < len(tokens):
            if tokens[position][0] != "AND":
                raise FilterError("Only 'and' joins filters here.", code="invalidFilter")
            position += 1
            if position == len(tokens):
                raise FilterError("The filter ends after 'and'.", code="invalidFilter")
    return query
