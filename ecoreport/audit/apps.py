from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ecoreport.audit"
    label = "audit"
    verbose_name = "变更与导入记录"
