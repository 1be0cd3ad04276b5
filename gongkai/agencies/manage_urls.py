from django.urls import path

from . import views

app_name = "agencies"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path("<slug:slug>/users/<int:user_id>/reset-password/", views.reset_password, name="reset_password"),
]
