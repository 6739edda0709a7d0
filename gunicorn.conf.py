"""gunicorn settings for production (`make serve-prod`); every value can be set by environment.

The app servers keep no local state (sessions in the database, rate limits in Redis when
REDIS_URL is set, of which a worker leases at most a few calls at a time), so any number of
these processes can run behind one load balancer.
"""

import gc
import multiprocessing
import os

# Loopback by default: the proxy in front (nginx on the same machine) is the only one who should
# reach gunicorn. Behind a load balancer on another machine, bind the private interface
# (GUNICORN_BIND=10.0.0.5:8000) and let only the load balancer through the firewall.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A slow request (a large export) is cut off rather than holding a worker forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow memory leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# Load Django once in the master: faster worker start, less memory (copy-on-write).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def pre_fork(server, worker):
    """The app loaded in the master lives as long as each worker: frozen, the worker's garbage
    collector never walks it again (and its memory pages stay shared with the master)."""
    gc.freeze()


# Logs go to stdout/stderr for the platform (systemd, docker, a PaaS) to collect.
# The app logs one line per request itself, with the client's address as our one rule gives it
# (gunicorn's own access log shows the proxy's address); GUNICORN_ACCESS_LOG=- turns it on too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Forwarded headers are believed only from the proxies in VALGUS_TRUSTED_PROXIES: the same list
# Django uses (accounts/client_address.py), none by default. gunicorn's own FORWARDED_ALLOW_IPS
# variable would let the two disagree, so it is refused.
_trusted = ",".join(
    p.strip() for p in os.environ.get("VALGUS_TRUSTED_PROXIES", "").split(",") if p.strip()
)
if os.environ.get("FORWARDED_ALLOW_IPS", _trusted) != _trusted:
    raise SystemExit(
        "FORWARDED_ALLOW_IPS differs from VALGUS_TRUSTED_PROXIES: set VALGUS_TRUSTED_PROXIES only."
    )
forwarded_allow_ips = _trusted
proc_name = "valgus"
