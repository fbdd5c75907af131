"""The routes the tests drive: sign in and out, who is signed in, a password change, a form and a
CSRF-protected endpoint. Sign-in, sign-out and the password change are csrf_exempt: they are test
controls; CSRF itself is tested on /protected/ and on forms posted to Node."""

from django.contrib.auth import authenticate, get_user_model, login, logout
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import RequestContext, Template
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def whoami(request):
    user = request.user
    return JsonResponse({
        "user": user.get_username() if user.is_authenticated else None,
        "session": {k: v for k, v in request.session.items()},
    })


@csrf_exempt
def sign_in(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return JsonResponse({"user": None}, status=403)
    login(request, user)
    return JsonResponse({"user": user.get_username()})


@csrf_exempt
def sign_out(request):
    logout(request)
    return JsonResponse({"user": None})


@csrf_exempt
def set_password(request):
    # As an admin or a password reset would: no update_session_auth_hash, so every session ends.
    user = get_user_model().objects.get(username=request.POST["username"])
    user.set_password(request.POST["password"])
    user.save()
    return JsonResponse({"ok": True})


FORM = Template(
    '<form method="post" action="{{ action }}">{% csrf_token %}<input name="note" value="hello"></form>'
)


def form(request):
    return HttpResponse(FORM.render(RequestContext(request, {"action": request.GET.get("action", "/protected/")})))


def token(request):
    return JsonResponse({"token": get_token(request)})


def protected(request):
    return JsonResponse({"ok": True, "note": request.POST.get("note")})



urlpatterns = [
    path("whoami/", whoami),
    path("login/", sign_in),
    path("logout/", sign_out),
    path("set-password/", set_password),
    path("form/", form),
    path("token/", token),
    path("protected/", protected),
]
