from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "uplift.recognition"
    label = "recognition"
    verbose_name = "Recognition"
