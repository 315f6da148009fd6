from django.urls import path

from visits import staff_views as views

app_name = "visits_staff"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/review/", views.start_review, name="start_review"),
    path("<id:pk>/ask/", views.ask_information, name="ask"),
    path("<id:pk>/decline/", views.decline, name="decline"),
    path("<id:pk>/cancel/", views.cancel, name="cancel"),
    path("<id:pk>/reassign/", views.reassign, name="reassign"),
    path("<id:pk>/schedule/", views.schedule, name="schedule"),
    path("<id:pk>/complete/", views.complete, name="complete"),
    path("<id:pk>/notes/", views.add_note, name="note"),
    path("<id:pk>/export.json", views.export, name="export"),
    path("<id:pk>/erase/", views.erase, name="erase"),
    path("<id:pk>/delegation/", views.delegation_edit, name="delegation"),
    path("<id:pk>/delegation/upload/", views.delegation_upload, name="delegation_upload"),
    path("<id:pk>/visa-letter/", views.visa_letter, name="visa_letter"),
]
