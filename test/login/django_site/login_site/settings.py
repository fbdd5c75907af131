"""A minimal Django site with django.contrib.auth on SQLite and signed-cookie sessions. Everything the
tests vary comes from the environment: the secret and its fallbacks, the database file, CSRF_USE_SESSIONS
and the trusted origins."""
import json
import os

SECRET_KEY = os.environ["LOGIN_SECRET_KEY"]
SECRET_KEY_FALLBACKS = json.loads(os.environ.get("LOGIN_SECRET_KEY_FALLBACKS", "[]"))
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "login_site.urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["LOGIN_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": False, "OPTIONS": {}}]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_SECURE = False  # the tests talk plain HTTP on loopback
CSRF_USE_SESSIONS = os.environ.get("LOGIN_CSRF_USE_SESSIONS") == "1"
CSRF_TRUSTED_ORIGINS = json.loads(os.environ.get("LOGIN_TRUSTED_ORIGINS", "[]"))
USE_TZ = True
LOGGING = {"version": 1, "disable_existing_loggers": True}
