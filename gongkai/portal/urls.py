from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:slug>/", views.agency, name="agency"),
    path("agencies/<slug:slug>/apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/letters/<int:pk>.<str:fmt>", views.status_letter, name="status_letter"),
]
