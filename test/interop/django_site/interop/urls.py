"""Views that sign in (cycling the key), count, set an expiry, flush, merge data and return the session."""
import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def as_json(request):
    session = request.session
    return JsonResponse({"data": dict(session.items()), "expiry_age": session.get_expiry_age()})


def show(request):
    return as_json(request)


def login(request):
    request.session.cycle_key()
    request.session["user"] = request.GET.get("user", "guest")
    return as_json(request)


def incr(request):
    request.session["counter"] = request.session.get("counter", 0) + 1
    return as_json(request)


def expiry(request):
    request.session.set_expiry(int(request.GET["seconds"]))
    return as_json(request)


def flush(request):
    request.session.flush()
    return JsonResponse({"data": {}})


@csrf_exempt
def merge(request):
    request.session.update(json.loads(request.body))
    return as_json(request)


urlpatterns = [
    path("session/", show),
    path("login/", login),
    path("incr/", incr),
    path("expiry/", expiry),
    path("flush/", flush),
    path("merge/", merge),
]
