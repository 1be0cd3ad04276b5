from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import LockoutAuthenticationForm
from .throttle import throttled

# Mounted at accounts/ without a namespace, so Django's own auth templates and
# views find "login", "password_reset_done", … by their usual names.
urlpatterns = [
    path("login/", throttled("login")(auth_views.LoginView.as_view(authentication_form=LockoutAuthenticationForm)),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_reset/", throttled("password_reset")(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", throttled("password_reset")(auth_views.PasswordResetConfirmView.as_view()),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
