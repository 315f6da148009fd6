from django.urls import path

from news import views
from news.feeds import AtomNewsFeed, NewsFeed

app_name = "news"

urlpatterns = [
    path("news/feed/rss/", NewsFeed(), name="rss"),
    path("news/feed/atom/", AtomNewsFeed(), name="atom"),
    path("newsletter/", views.signup_form, name="signup_form"),
    path("newsletter/subscribe/", views.signup, name="signup"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
