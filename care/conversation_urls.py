"""The client's conversations with their physiotherapists (mounted at /messages/)."""

from django.urls import path

from care.views import conversations

urlpatterns = [
    path("", conversations.conversations, name="conversations"),
    path("<int:physio_id>/", conversations.conversation, name="conversation"),
]
