from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("agency/<slug:slug>/letters/", views.letter_settings, name="letter_settings"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<slug:event>/", views.act, name="act"),
    path("<int:pk>/reissue-code/", views.reissue_code, name="reissue_code"),
    path("letters/<int:pk>/", views.letter_html, name="letter"),
    path("letters/<int:pk>.pdf", views.letter_pdf, name="letter_pdf"),
    path("letters/<int:pk>.docx", views.letter_docx, name="letter_docx"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", views.receipt, {"fmt": "pdf"}, name="receipt_pdf"),
    path("notifications/<int:pk>/retry/", views.retry_notification, name="retry_notification"),
]
