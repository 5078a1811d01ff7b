"""WSGI entry of the plain-Django ceiling (benchmarks/ceiling.py)."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.ceiling"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
