"""Evidence drafted from a debrief used to carry the star's standing in its label ("Meetings per
opportunity — Art at the 92nd percentile of the core"), right beside the groups' averages. The
card now shows the star's own value and percentile in a column of their own, read from the
debrief, so the label goes back to naming the behaviour."""

import re

from django.db import migrations

STANDING = re.compile(
    r"^(?P<label>.+?) — .+ (?:at the \d+(?:st|nd|rd|th) percentile of the core"
    r"|against the core median \(\d+(?:st|nd|rd|th) percentile of the core\))$"
)


def labels_name_the_behaviour(apps, schema_editor):  # type: ignore[no-untyped-def]
    evidence = apps.get_model("practices", "PracticeEvidence")
    for row in evidence.objects.filter(label__contains=" percentile of the core"):
        match = STANDING.match(row.label)
        if match:
            row.label = match.group("label")
            row.save(update_fields=["label"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_evidence_adjusted_difference"),
    ]

    operations = [
        migrations.RunPython(labels_name_the_behaviour, migrations.RunPython.noop),
    ]
