"""The WSGI application (gunicorn: ``gongkai.site.wsgi:application``).
Production settings unless GONGKAI_ENV=development; refuses to start
without GONGKAI_SECRET_KEY."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.site.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - after Django is set up

if not settings._wrapped.SECRET_KEY:  # not through settings.SECRET_KEY, which raises Django's English error
    raise RuntimeError(settings.MISSING_SECRET_KEY)
