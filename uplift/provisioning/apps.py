from django.apps import AppConfig


class ProvisioningConfig(AppConfig):
    name = "uplift.provisioning"
    label = "provisioning"
    verbose_name = "Provisioning"
