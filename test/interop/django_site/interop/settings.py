"""A minimal Django site whose sessions live in signed cookies, sharing SECRET_KEY with the Node servers.
The tests set the settings that must match on both sides through the environment."""
import json
import os

SECRET_KEY = os.environ["INTEROP_SECRET_KEY"]
SECRET_KEY_FALLBACKS = json.loads(os.environ.get("INTEROP_SECRET_KEY_FALLBACKS", "[]"))
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "interop.urls"
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]
DATABASES = {}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_SECURE = False  # the tests talk plain HTTP on loopback
SESSION_COOKIE_AGE = int(os.environ.get("INTEROP_COOKIE_AGE", "1209600"))
USE_TZ = os.environ.get("INTEROP_USE_TZ", "true") == "true"
TIME_ZONE = os.environ.get("INTEROP_TIME_ZONE", "UTC")
LOGGING = {"version": 1, "disable_existing_loggers": True}
