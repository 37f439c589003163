from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ecoreport.accounts.throttle import ThrottledAdminAuthenticationForm, ThrottledLoginView
from ecoreport.health import healthz

# The admin modules are imported here rather than by django.setup() (ecoreport.apps.AdminOnDemandConfig).
admin.autodiscover()
admin.site.site_header = "ecoreport 生态环境数据管理"
admin.site.site_title = "ecoreport"
admin.site.index_title = "数据管理"
# Staff scan wide lists (a day's seven pollutants beside their AQI): the table gets the width.
admin.site.enable_nav_sidebar = False
# The admin login counts failures together with the site login, so neither is a way around the other.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("reports/", include("ecoreport.reports.urls")),
    path("", include("ecoreport.dashboard.urls")),
]

# A database that does not answer gives the 503 page, any other uncaught error the 500 page.
handler500 = "ecoreport.health.server_error"
