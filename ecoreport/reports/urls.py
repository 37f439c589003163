from django.urls import path

from ecoreport.reports import drafting_views, review_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/pdf/", views.draft_pdf, name="draft_pdf"),
    path("<str:code>/docx/", views.draft_docx, name="draft_docx"),
    path("<str:code>/submit/", review_views.submit, name="submit"),
    path("<str:code>/sign/", review_views.sign, name="sign"),
    path("<str:code>/return/", review_views.return_for_changes, name="return"),
    path("<str:code>/draft-sections/", drafting_views.draft_sections, name="draft_sections"),
    path("<str:code>/versions/<int:version>/pdf/", views.published_pdf, name="published_pdf"),
]
