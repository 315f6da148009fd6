from django.urls import path

from insights import public_views

app_name = "insights"

urlpatterns = [
    path("year-in-review/", public_views.latest_year, name="latest_year"),
    path("year-in-review/<int:year>/", public_views.year_in_review, name="year_in_review"),
]
