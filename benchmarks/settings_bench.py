"""Production settings, plus the constant-page URL the throughput benchmark compares with."""

from refsite.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.floor_urls"
