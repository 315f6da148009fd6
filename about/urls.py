from django.urls import path

from about import views

app_name = "about"
urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("sitemap/", views.sitemap, name="sitemap"),
]
