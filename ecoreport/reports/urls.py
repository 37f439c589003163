from django.urls import path

from ecoreport.reports import drafting_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/pdf/", views.draft_pdf, name="draft_pdf"),
    path("<str:code>/docx/", views.draft_docx, name="draft_docx"),
    path("<str:code>/publish/", views.publish, name="publish"),
    path("<str:code>/draft-sections/", drafting_views.draft_sections, name="draft_sections"),
    path("<str:code>/versions/<int:version>/pdf/", views.published_pdf, name="published_pdf"),
]
