from django.urls import path

from tours import staff_views

app_name = "tours_staff"

urlpatterns = [path("stops/<id:pk>/move/", staff_views.move_stop, name="move_stop")]
