"""The site's URLs plus /__floor__/: the framework floor for benchmarks/throughput.py.

/__floor__/ answers with the bytes of an exported page as a constant, through the same
middleware, so the difference to the real page is the cost of building the page.
"""

import functools
import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from refsite.urls import urlpatterns as site_urlpatterns


@functools.cache
def page():
    return Path(os.environ["BENCH_FLOOR_PAGE"]).read_bytes()


def floor(request):
    return HttpResponse(page())


urlpatterns = [path("__floor__/", floor), *site_urlpatterns]
