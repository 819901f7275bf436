from django.contrib import admin
from django.urls import include, path

from uplift.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("uplift.web.urls")),
]

handler400 = "uplift.web.views.errors.bad_request"
