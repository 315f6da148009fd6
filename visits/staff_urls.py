from django.urls import path

from visits import staff_views as views

app_name = "visits_staff"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/review/", views.start_review, name="start_review"),
    path("<int:pk>/ask/", views.ask_information, name="ask"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/notes/", views.add_note, name="note"),
    path("<int:pk>/export.json", views.export, name="export"),
    path("<int:pk>/erase/", views.erase, name="erase"),
    path("<int:pk>/delegation/", views.delegation_edit, name="delegation"),
    path("<int:pk>/delegation/upload/", views.delegation_upload, name="delegation_upload"),
    path("<int:pk>/visa-letter/", views.visa_letter, name="visa_letter"),
]
