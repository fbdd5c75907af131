"""A long-lived Django helper for the login property tests: one JSON request per stdin line, one JSON
answer per stdout line. ops: salted_hmac, mask, unmask, check_password, verify, encode (a hasher's encode with
given salt and work factor), csrf (CsrfViewMiddleware's verdict on a request)."""
import json
import sys
from urllib.parse import urlencode
from unittest import mock

from django.conf import settings

settings.configure(
    SECRET_KEY="unused-helper-default-secret-0123456789abcdefghij",
    ALLOWED_HOSTS=["*"],
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
)
import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher  # noqa: E402
from django.middleware import csrf  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils.crypto import salted_hmac  # noqa: E402


class Verdict(csrf.CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


def csrf_verdict(r):
    with override_settings(
        CSRF_TRUSTED_ORIGINS=r["trusted"], ALLOWED_HOSTS=r["allowed_hosts"], CSRF_COOKIE_DOMAIN=r["cookie_domain"]
    ):
        meta = {"SERVER_PORT": r["port"]}
        if r["host"] is not None:
            meta["HTTP_HOST"] = r["host"]
        for key, header in (("origin", "HTTP_ORIGIN"), ("referer", "HTTP_REFERER"), ("header_token", "HTTP_X_CSRFTOKEN")):
            if r[key] is not None:
                meta[header] = r[key]
        data = {} if r["form_token"] is None else {"csrfmiddlewaretoken": r["form_token"]}
        request = RequestFactory().generic(
            r["method"], "/", data=urlencode(data),
            content_type="application/x-www-form-urlencoded", secure=r["secure"], **meta,
        )
        if r["host"] is None:
            request.META.pop("HTTP_HOST", None)
        if r["cookie"] is not None:
            request.COOKIES["csrftoken"] = r["cookie"]
        middleware = Verdict(lambda req: None)
        middleware.process_request(request)
        reason = middleware.process_view(request, lambda req: None, (), {})
        return {"reason": reason}


for line in sys.stdin:
    r = json.loads(line)
    try:
        op = r["op"]
        if op == "salted_hmac":
            answer = {"hex": salted_hmac(r["key_salt"], r["value"], r["secret"], algorithm=r["algorithm"]).hexdigest()}
        elif op == "mask":
            with mock.patch.object(csrf, "_get_new_csrf_string", return_value=r["mask"]):
                answer = {"token": csrf._mask_cipher_secret(r["secret"])}
        elif op == "unmask":
            answer = {"secret": csrf._unmask_cipher_token(r["token"])}
        elif op == "verify":
            # check_password without its timing hardening (which runs the default work factor on a miss).
            answer = {"ok": identify_hasher(r["encoded"]).verify(r["password"], r["encoded"])}
        elif op == "check_password":
            answer = {"ok": check_password(r["password"], r["encoded"])}
        elif op == "encode":
            answer = {"encoded": get_hasher(r["hasher"]).encode(r["password"], r["salt"], r["work"])}
        elif op == "csrf":
            answer = csrf_verdict(r)
        else:
            answer = {"error": "unknown op"}
    except Exception as error:  # every failure is reported, never fatal
        answer = {"error": f"{type(error).__name__}: {error}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
