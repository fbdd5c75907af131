"""A minimal Django site whose sessions live in signed cookies, sharing SECRET_KEY with the Node servers."""
import os

SECRET_KEY = os.environ["INTEROP_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "interop.urls"
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]
DATABASES = {}
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_SECURE = False  # the tests talk plain HTTP on loopback
USE_TZ = True
LOGGING = {"version": 1, "disable_existing_loggers": True}
