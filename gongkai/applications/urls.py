from django.urls import path

from . import released, views

app_name = "applications"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("agency/<slug:slug>/letters/", views.letter_settings, name="letter_settings"),
    path("agency/<slug:slug>/messages/", views.message_settings, name="message_settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:event>/", views.act, name="act"),
    path("<int:pk>/reissue-code/", views.reissue_code, name="reissue_code"),
    path("letters/<int:pk>/", views.letter_html, name="letter"),
    path("letters/<int:pk>.pdf", views.letter_pdf, name="letter_pdf"),
    path("letters/<int:pk>.docx", views.letter_docx, name="letter_docx"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", views.receipt, {"fmt": "pdf"}, name="receipt_pdf"),
    path("<int:pk>/released/add/", released.add, name="released_add"),
    path("released/<int:pk>/delete/", released.delete, name="released_delete"),
    path("released/<int:pk>/<str:which>/download/", released.download, name="released_download"),
    path("released/<int:pk>/<str:which>/page/<int:page>.png", released.page_image, name="released_page"),
    path("released/<int:pk>/redact/", released.redact_page, name="redact"),
    path("released/<int:pk>/redact/find/", released.find, name="redact_find"),
    path("released/<int:pk>/redact/apply/", released.apply_marks, name="redact_apply"),
    path("notifications/<int:pk>/retry/", views.retry_notification, name="retry_notification"),
]
