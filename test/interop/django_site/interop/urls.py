"""Views that sign in (cycling the key), count, set an expiry, flush, merge data and return the session;
on Django 5.0+ also async views that use the async session API."""
import datetime
import json

import django
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt


def as_json(request, status=200):
    session = request.session
    data = dict(session.items())
    return JsonResponse(
        {
            "data": data,
            "expiry_age": session.get_expiry_age(),
            "types": {key: type(value).__name__ for key, value in data.items()},
            "reprs": {key: repr(value) for key, value in data.items()},
        },
        status=status,
    )


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


def expiry_date(request):
    # timezone.now() is aware (UTC) under USE_TZ = True and naive (TIME_ZONE's wall clock) otherwise.
    request.session.set_expiry(timezone.now() + datetime.timedelta(seconds=int(request.GET["seconds"])))
    return as_json(request)


def flush(request):
    request.session.flush()
    return JsonResponse({"data": {}})


def unavailable(request):
    request.session["during_503"] = True
    return JsonResponse({"data": {}}, status=503)


@csrf_exempt
def merge(request):
    request.session.update(json.loads(request.body))
    return as_json(request)


urlpatterns = [
    path("session/", show),
    path("login/", login),
    path("incr/", incr),
    path("expiry/", expiry),
    path("expiry-date/", expiry_date),
    path("flush/", flush),
    path("unavailable/", unavailable),
    path("merge/", merge),
]

if django.VERSION >= (5, 0):

    async def as_json_async(request):
        session = request.session
        items = await session.aitems()
        return JsonResponse({"data": dict(items), "expiry_age": await session.aget_expiry_age()})

    async def alogin(request):
        await request.session.acycle_key()
        await request.session.aset("user", request.GET.get("user", "guest"))
        return await as_json_async(request)

    async def aincr(request):
        await request.session.aset("counter", await request.session.aget("counter", 0) + 1)
        await request.session.asave()
        return await as_json_async(request)

    async def ashow(request):
        return await as_json_async(request)

    async def aflush(request):
        await request.session.aflush()
        return JsonResponse({"data": {}})

    urlpatterns += [path("async/login/", alogin), path("async/incr/", aincr), path("async/session/", ashow), path("async/flush/", aflush)]
