from django.urls import path

from visits import delegation_views, host_views, views, waiting_views

app_name = "visits"

urlpatterns = [
    path("plan/", views.plan_detail, name="plan"),
    path("plan/star/", views.star, name="star"),
    path("plan/items/<id:item_id>/", views.plan_item, name="plan_item"),
    path("plan/shared/<str:token>/", views.plan_shared, name="plan_shared"),
    path("plan/shared/<str:token>/use/", views.plan_adopt, name="plan_adopt"),
    path("book/", views.book, name="book"),
    path("book/days/", views.booking_days, name="book_days"),
    path("book/sent/<str:token>/", views.booking_sent, name="sent"),
    path("book/waiting-list/", waiting_views.join, name="waiting_list_join"),
    path("waiting/<str:token>/", waiting_views.entry, name="waiting_entry"),
    path("waiting/<str:token>/accept/", waiting_views.accept, name="waiting_accept"),
    path("waiting/<str:token>/leave/", waiting_views.leave, name="waiting_leave"),
    path("host/<str:signed>/", host_views.host_answer, name="host_answer"),
    path("visit/<str:token>/", views.request_status, name="status"),
    path("visit/<str:token>/withdraw/", views.request_withdraw, name="withdraw"),
    path("visit/<str:token>/days/", views.request_change_days, name="change_days"),
    path("visit/<str:token>/new-link/", views.request_new_link, name="new_link"),
    path("visit/<str:token>/answer/", views.request_answer, name="answer"),
    path("visit/<str:token>/plan/", views.request_plan_items, name="plan_items"),
    path("visit/<str:token>/delegation/", delegation_views.request_delegation, name="delegation"),
    path("visit/<str:token>/delegation/upload/", delegation_views.request_delegation_upload, name="delegation_upload"),
]
