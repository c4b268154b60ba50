import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refsite.settings")
os.environ.setdefault("REFSITE_SERVING", "1")

application = get_wsgi_application()
