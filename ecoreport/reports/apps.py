from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ecoreport.reports"
    label = "reports"
    verbose_name = "工作总结"

    def ready(self) -> None:
        from ecoreport.audit.versions import track
        from ecoreport.reports.models import PublishedReport, Report, ReportSection

        # Report texts change what a page or a report shows: they bump data versions too.
        track(ReportSection, "organization")
        track(Report, "organization")
        track(PublishedReport, "report__organization")
