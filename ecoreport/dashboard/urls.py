from django.urls import path

from ecoreport.dashboard import completeness_view, views, work_views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("org/<str:code>/", views.overview, name="overview"),
    path("org/<str:code>/air/", views.air, name="air"),
    path("org/<str:code>/water/", views.water, name="water"),
    path("org/<str:code>/rectification/", views.rectification, name="rectification"),
    path("org/<str:code>/ledger/", views.ledger, name="ledger"),
    path("org/<str:code>/work/", work_views.work, name="work"),
    path("org/<str:code>/records/work/<str:indicator_code>/", work_views.records_work, name="records_work"),
    path("org/<str:code>/report/", views.report, name="report"),
    path("org/<str:code>/completeness/", completeness_view.completeness, name="completeness"),
    path("org/<str:code>/records/air/", views.records_air, name="records_air"),
    path("org/<str:code>/records/air/stations/", views.records_air_stations, name="records_air_stations"),
    path("org/<str:code>/records/water/<str:section_code>/", views.records_water, name="records_water"),
    path("org/<str:code>/records/items/", views.records_items, name="records_items"),
    path("org/<str:code>/records/tasks/", views.records_tasks, name="records_tasks"),
    path("org/<str:code>/charts/pm25.svg", views.chart_pm25, name="chart_pm25"),
    path("org/<str:code>/charts/aqi-calendar.svg", views.chart_aqi_calendar, name="chart_aqi_calendar"),
    path("org/<str:code>/charts/tp/<str:section_code>.svg", views.chart_section_tp, name="chart_section_tp"),
    path("org/<str:code>/charts/ledger.svg", views.chart_ledger, name="chart_ledger"),
]
