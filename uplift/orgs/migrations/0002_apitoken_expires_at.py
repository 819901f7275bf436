# API tokens expire. Tokens made before expiry existed get 90 days from their creation, the
# default lifetime of a new token; those already older than that stop working.

import datetime

from django.db import migrations, models

DEFAULT_LIFETIME = datetime.timedelta(days=90)


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("orgs", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + DEFAULT_LIFETIME)


class Migration(migrations.Migration):

    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
