from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("<slug:slug>/audit/", views.audit, name="audit"),
    path("<slug:slug>/audit/upload/", views.upload, name="upload"),
    path("<slug:slug>/audit/batches/<int:pk>/", views.batch, name="batch"),
    path("<slug:slug>/audit/batches/<int:pk>/status.json", views.batch_status, name="batch_status"),
    path("<slug:slug>/audit/reports/<int:pk>/", views.report, name="report"),
    path("<slug:slug>/audit/reports/<int:pk>/correct/", views.correct, name="correct"),
    path("<slug:slug>/audit/reports/<int:pk>/original", views.original, name="original"),
    path("<slug:slug>/audit/agency/", views.agency_years, name="agency_years"),
    path("<slug:slug>/audit/year/<int:year>/", views.year_side, name="year"),
    path("<slug:slug>/audit/year/<int:year>/reports.xlsx", views.year_xlsx, name="year_xlsx"),
]
