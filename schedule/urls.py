from django.urls import path

from schedule import tour_views, views

app_name = "schedule"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feeds/visits.ics", views.feed_all, name="feed_all"),
    path("calendar/feeds/events.ics", views.feed_events, name="feed_events"),
    path("calendar/feeds/offices/<slug:slug>.ics", views.feed_office, name="feed_office"),
    path("calendar/feeds/staff/<str:token>.ics", views.feed_staff, name="feed_staff"),
    path("public-tours/<id:pk>/<str:day>/", tour_views.tour_day, name="tour_day"),
    path("public-tours/sign-up/<str:token>/", tour_views.tour_signup, name="tour_signup"),
    path("public-tours/sign-up/<str:token>/cancel/", tour_views.tour_signup_cancel, name="tour_signup_cancel"),
]
