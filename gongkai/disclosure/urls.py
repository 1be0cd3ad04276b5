from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("template.xlsx", views.template_download, name="template"),
    path("<slug:slug>/", views.register, name="register"),
    path("<slug:slug>/items/new/", views.item_edit, name="item_new"),
    path("<slug:slug>/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("<slug:slug>/documents/new/", views.document_edit, name="document_new"),
    path("<slug:slug>/documents/<int:pk>/", views.document_edit, name="document_edit"),
    path("<slug:slug>/figures/<int:year>/", views.figures, name="figures"),
    path("<slug:slug>/import/", views.import_figures, name="import"),
    path("<slug:slug>/template.xlsx", views.template_for, name="agency_template"),
]
