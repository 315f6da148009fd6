from django.urls import path

from schedule import views

app_name = "schedule"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feeds/visits.ics", views.feed_all, name="feed_all"),
    path("calendar/feeds/events.ics", views.feed_events, name="feed_events"),
    path("calendar/feeds/offices/<slug:slug>.ics", views.feed_office, name="feed_office"),
    path("calendar/feeds/staff/<str:token>.ics", views.feed_staff, name="feed_staff"),
]
