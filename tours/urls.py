from django.urls import path

from tours import study_tour_views, views

app_name = "tours"

urlpatterns = [
    path("plan/tour/", views.tour_settings, name="settings"),
    path("plan/tour/clear/", views.tour_clear, name="clear"),
    path("plan/tour/stops/<id:page_id>/", views.tour_stop, name="stop"),
    path("plan/tour/itinerary.pdf", views.itinerary_pdf, name="pdf"),
    path("plan/tour/itinerary.ics", views.itinerary_ics, name="ics"),
    path("plan/tour/book/", views.tour_book, name="book"),
    path("visit/<str:token>/programme.pdf", views.programme_pdf, name="programme_pdf"),
    path("visit/<str:token>/programme.ics", views.programme_ics, name="programme_ics"),
    path("study-tours/<id:page_id>/adopt/", study_tour_views.adopt, name="adopt"),
]
