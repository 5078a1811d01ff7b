from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rounds"
    verbose_name = _("Peace talks")

    def ready(self):
        # After modeltranslation (first in INSTALLED_APPS) has added the
        # translated columns, which the history must copy too.
        from . import history, search

        history.register_models()
        search.connect_signals()
        # rounds.lockout: a successful login clears only its own failed attempts. The
        # editors' admin lives in rounds/desk/ (there is no rounds/admin.py for the
        # admin's autodiscovery to find).
        from . import lockout  # noqa: F401
        from .desk import admin  # noqa: F401
