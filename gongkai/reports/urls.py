from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_index, name="public_index"),
    path("public/<slug:slug>/", views.agency_overview, name="agency_overview"),
    path("public/<slug:slug>/<int:year>/", views.public, name="public"),
    path("public/<slug:slug>/<int:year>/v<int:number>/", views.public, name="public_version"),
    path("public/<slug:slug>/<int:year>/report.<str:fmt>", views.public_download, name="public_download"),
    path("public/<slug:slug>/<int:year>/v<int:number>/report.<str:fmt>", views.public_download,
         name="public_version_download"),
    path("<slug:slug>/<int:year>/", views.edit, name="edit"),
    path("<slug:slug>/<int:year>/save/", views.save, name="save"),
    path("<slug:slug>/<int:year>/previous/", views.import_previous, name="import_previous"),
    path("<slug:slug>/<int:year>/draft.<str:fmt>", views.preview, name="preview"),
    path("<slug:slug>/<int:year>/departments/", views.departments, name="departments"),
]
