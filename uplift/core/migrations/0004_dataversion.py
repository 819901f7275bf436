from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def first_version(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("core", "DataVersion").objects.create(pk=1, value=0)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_job_lease"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
