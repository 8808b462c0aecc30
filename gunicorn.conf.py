"""gunicorn settings for production: `gunicorn` in the project folder reads this file.

Every value can be changed from the environment without editing the file.
"""
import multiprocessing
import os

wsgi_app = "tracker.wsgi:application"
# Behind a reverse proxy on the same machine (README, Production): never exposed directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A request that takes longer than this is stuck: the worker is killed and replaced. The slowest page
# (the claim list with every facet at 10k claims) takes well under a second.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Only the proxy may say a request came over HTTPS (X-Forwarded-Proto); see SECURE_PROXY_SSL_HEADER.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
