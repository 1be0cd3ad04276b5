from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.case_list, name="list"),
    path("<slug:slug>/new/", views.case_edit, name="new"),
    path("<slug:slug>/application-numbers/", views.application_numbers, name="application_numbers"),
    path("<slug:slug>/<int:pk>/", views.case_edit, name="edit"),
]
