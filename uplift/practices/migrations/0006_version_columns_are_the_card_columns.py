"""A version keeps the same content columns as its card (`CardColumns`): only their help texts
change, so no table does."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practices", "0005_evidence_labels_name_the_behaviour")]

    operations = [
        migrations.AlterField(
            model_name="practiceversion",
            name="problem",
            field=models.TextField(blank=True, help_text="The problem this practice solves."),
        ),
        migrations.AlterField(
            model_name="practiceversion",
            name="steps",
            field=models.TextField(blank=True, help_text="One step per line."),
        ),
        migrations.AlterField(
            model_name="practiceversion",
            name="talk_tracks",
            field=models.TextField(blank=True, help_text="Talk tracks and examples."),
        ),
        migrations.AlterField(
            model_name="practiceversion",
            name="stage_tags",
            field=models.JSONField(blank=True, default=list, help_text="Sales-stage slugs."),
        ),
        migrations.AlterField(
            model_name="practiceversion",
            name="competency_tags",
            field=models.JSONField(blank=True, default=list, help_text="Competency slugs."),
        ),
    ]
