from django.urls import path

from visits import staff_waiting_views as views

app_name = "visits_waiting"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/move/", views.move, name="move"),
    path("<id:pk>/remove/", views.remove, name="remove"),
]
