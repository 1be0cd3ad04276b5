from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<slug:slug>/", views.agency, name="agency"),
    path("agencies/<slug:slug>/apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/letters/<int:pk>.<str:fmt>", views.status_letter, name="status_letter"),
    path("status/<int:pk>/", views.status_app, name="status_app"),
    path("status/<int:pk>/supplement/", views.status_supplement, name="status_supplement"),
    path("status/<int:pk>/withdraw/", views.status_withdraw, name="status_withdraw"),
    path("status/<int:pk>/receipt/", views.status_receipt, name="status_receipt"),
    path("status/<int:pk>/receipt.pdf", views.status_receipt, {"fmt": "pdf"}, name="status_receipt_pdf"),
    path("status/released/<int:pk>/", views.status_released, name="status_released"),
]
