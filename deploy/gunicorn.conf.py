"""gunicorn settings for gongkai (``gunicorn -c deploy/gunicorn.conf.py``).

nginx on the same machine proxies to 127.0.0.1:8000 and serves nothing from
the media directory; static files come from WhiteNoise (or nginx, see
deploy/nginx-gongkai.conf). Worker count: GUNICORN_WORKERS, default 2×CPU+1.
"""

import multiprocessing
import os

wsgi_app = "gongkai.site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
preload_app = True  # import Django once in the master; workers fork from it
timeout = 120  # report PDFs and imports can take a while
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = "127.0.0.1"  # only nginx on this host may say the request came over HTTPS
accesslog = "-"
errorlog = "-"
loglevel = "info"
