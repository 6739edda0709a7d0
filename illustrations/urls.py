from django.urls import path

from illustrations import views

urlpatterns = [
    path("", views.gallery, name="figure_gallery"),
]
