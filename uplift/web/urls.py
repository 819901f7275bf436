from django.contrib.auth import views as auth_views
from django.urls import include, path

from uplift.orgs import access
from uplift.orgs.access import protect
from uplift.web.forms import (
    ChangePasswordForm,
    EmailPasswordResetForm,
    NewPasswordForm,
    SignInForm,
)
from uplift.web.limits import client, posted_email, rate_limited
from uplift.web.routes import capability_modules
from uplift.web.tables import download_path
from uplift.web.views import (
    account,
    addresses,
    health,
    home,
    identity_sign_in,
    imports,
    jobs,
    people,
    performance,
)

urlpatterns = [
    path("", home.home, name="home"),
    path("me/", home.my_home, name="my_home"),
    path("me/performance/", performance.my_performance, name="my_performance"),
    path("team/", home.manager_home, name="manager_home"),
    path("team/performance/", performance.team_performance, name="team_performance"),
    download_path(
        "team/performance/", performance.team_performance_download, "team_performance_download"
    ),
    path("leader/", home.leader_home, name="leader_home"),
    path("leader/performance/", performance.leader_performance, name="leader_performance"),
    path(
        "leader/performance/opportunity/",
        performance.leader_opportunity,
        name="leader_opportunity",
    ),
    path("leader/performance/trend/", performance.leader_trend, name="leader_trend"),
    download_path(
        "leader/performance/",
        performance.leader_performance_download,
        "leader_performance_download",
    ),
    path("enablement/", home.enablement_home, name="enablement_home"),
    path("enablement/invitations/", jobs.invitations_start, name="invitations_start"),
    path("enablement/addresses/", addresses.people_addresses, name="people_addresses"),
    path("enablement/imports/", imports.imports_page, name="imports"),
    path(
        "enablement/imports/<int:job_id>/rejected-rows.csv",
        imports.import_rejects,
        name="import_rejects",
    ),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path(
        "people/<int:person_id>/performance/",
        performance.person_performance,
        name="person_performance",
    ),
    path("teams/<int:team_id>/", people.team_detail, name="team_detail"),
    path("jobs/<int:job_id>/", jobs.job_status, name="job_status"),
    path("settings/tokens/", account.api_tokens, name="api_tokens"),
    path(
        "settings/tokens/<int:token_id>/revoke/",
        account.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("healthz", health.healthz, name="healthz"),
    # Signing in and out, and passwords: Django's own views behind the same access layer.
    path(
        "login/",
        protect(
            auth_views.LoginView.as_view(
                authentication_form=SignInForm, redirect_authenticated_user=True
            ),
            access.PUBLIC,
        ),
        name="login",
    ),
    # Signing out also signs out of the identity provider where its protocol allows.
    path("logout/", identity_sign_in.sign_out, name="logout"),
    path(
        "password/change/",
        protect(
            auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm), access.SIGNED_IN
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        protect(auth_views.PasswordChangeDoneView.as_view(), access.SIGNED_IN),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        protect(
            # A few e-mails per address and a few dozen requests per client an hour.
            rate_limited("password-reset-client", key=client)(
                rate_limited("password-reset-address", key=posted_email)(
                    auth_views.PasswordResetView.as_view(form_class=EmailPasswordResetForm)
                )
            ),
            access.PUBLIC,
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        protect(auth_views.PasswordResetDoneView.as_view(), access.PUBLIC),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        protect(
            auth_views.PasswordResetConfirmView.as_view(form_class=NewPasswordForm), access.PUBLIC
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        protect(auth_views.PasswordResetCompleteView.as_view(), access.PUBLIC),
        name="password_reset_complete",
    ),
    # Each capability's pages.
    *(path("", include(module)) for module in capability_modules()),
]
