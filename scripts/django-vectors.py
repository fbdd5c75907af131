#!/usr/bin/env python3
"""Regenerates a Django vector file's outcomes from the installed Django, so a reader can reproduce them.

Each case keeps its inputs (id, kind, group, secret, salt, algorithm, sep, now, max_age, compress, input,
fallback keys/secrets, use_tz) and descriptive fields (tags, js_hazards, note); every outcome field
(expected, expected_session, compressed, input_json, reset, error, error_class, error_is_bad_signature,
error_message) is computed again by calling Django with time.time and django.utils.timezone.now frozen at
the case's `now`. The fields are documented in the file's meta.fields.

    PYTHONPATH="$(scripts/django.sh --path 5.2)" /usr/bin/python3 scripts/django-vectors.py \\
        test/fixtures/django-5.2-public.json > /tmp/regenerated.json

test/session/vectors-regenerate.test.ts runs it for each series and fails if an outcome differs.
"""
import datetime
import json
import sys
import time
import zlib

import django
from django.conf import settings

SESSION_SALT = "django.contrib.sessions.backends.signed_cookies"
OUTCOMES = ("expected", "expected_session", "compressed", "input_json", "reset", "error", "error_class", "error_is_bad_signature", "error_message")

source = json.load(open(sys.argv[1]))
meta = source["meta"]
settings.configure(
    SECRET_KEY=meta["settings"]["SECRET_KEY"],
    SECRET_KEY_FALLBACKS=[],
    USE_TZ=True,
    TIME_ZONE="UTC",
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    SESSION_SERIALIZER="django.contrib.sessions.serializers.JSONSerializer",
    SESSION_COOKIE_AGE=1209600,
)
django.setup()

from django.contrib.sessions.backends.signed_cookies import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from django.utils import timezone  # noqa: E402

real_time = time.time


def freeze(now):
    """Freezes time.time and timezone.now at `now` (seconds), or unfreezes with None."""
    if now is None:
        time.time = real_time
        return
    time.time = lambda: now

    def frozen_now():
        aware = datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc)
        return aware if settings.USE_TZ else aware.replace(tzinfo=None)

    timezone.now = frozen_now


def kwargs(case, *names):
    """The Signer keyword arguments a case gives (keyword-only since Django 5.1)."""
    out = {"key": case["secret"]}
    if case.get("salt") is not None:
        out["salt"] = case["salt"]
    if "sep" in names and case.get("sep") is not None:
        out["sep"] = case["sep"]
    if "algorithm" in names:
        out["algorithm"] = case["algorithm"]
    if case.get("fallback_keys") is not None:
        out["fallback_keys"] = case["fallback_keys"]
    return out


def apply(store, ops):
    for name, *args in ops:
        if name == "set":
            store[args[0]] = args[1]
        elif name == "del":
            del store[args[0]]
        elif name == "update":
            store.update(args[0])
        elif name == "set_expiry":
            store.set_expiry(args[0])
        elif name == "set_expiry_timedelta":
            store.set_expiry(datetime.timedelta(seconds=args[0]))
        elif name == "set_expiry_datetime":
            epoch, offset = args
            zone = datetime.timezone.utc if offset is None else datetime.timezone(datetime.timedelta(minutes=offset))
            value = datetime.datetime.fromtimestamp(epoch, tz=zone)
            store.set_expiry(value.replace(tzinfo=None) if offset is None else value)
        elif name == "save":
            store.save()
        elif name == "flush":
            store.flush()
        elif name == "cycle_key":
            store.cycle_key()
        else:
            raise ValueError(f"unknown op {name}")


def outcome(case):
    kind = case["kind"]
    out = {}
    settings.SECRET_KEY = case["secret"]
    settings.SECRET_KEY_FALLBACKS = case.get("fallback_secrets", [])
    settings.USE_TZ = case.get("use_tz", True)
    freeze(case["now"])
    try:
        if kind in ("signer_sign", "timestamp_signer_sign"):
            cls = signing.TimestampSigner if kind.startswith("timestamp") else signing.Signer
            out["expected"] = cls(**kwargs(case, "sep", "algorithm")).sign(case["input"])
        elif kind in ("signer_unsign", "signer_unsign_fallback"):
            out["expected"] = signing.Signer(**kwargs(case, "sep", "algorithm")).unsign(case["input"])
        elif kind in ("timestamp_signer_unsign", "timestamp_signer_unsign_fallback"):
            out["expected"] = signing.TimestampSigner(**kwargs(case, "sep", "algorithm")).unsign(case["input"], max_age=case.get("max_age"))
        elif kind == "dumps":
            out["input_json"] = json.dumps(case["input"], separators=(",", ":"))
            expected = signing.dumps(case["input"], compress=case["compress"], **kwargs(case))
            out["expected"] = expected
            out["compressed"] = expected.startswith(".")
        elif kind in ("loads", "loads_error", "loads_fallback"):
            out["expected"] = signing.loads(case["input"], max_age=case.get("max_age"), **kwargs(case))
        elif kind in ("session_save", "session_save_fallback", "session_save_expiry_datetime"):
            store = SessionStore(case["input"]["initial_cookie"])
            apply(store, case["input"]["ops"])
            out["expected"] = store.session_key
            out["expected_session"] = dict(store._session)
        elif kind in ("session_load", "session_load_fallback"):
            store = SessionStore(case["input"])
            store._session  # noqa: B018 (loads)
            out["reset"] = store.modified
            out["expected"] = dict(store.items())
        elif kind == "session_expiry_info":
            store = SessionStore(case["input"])
            store._session  # noqa: B018 (loads)
            out["expected"] = {
                "session": dict(store.items()),
                "reset": store.modified,
                "expiry_age": store.get_expiry_age(),
                "expiry_date": store.get_expiry_date().isoformat(),
                "expire_at_browser_close": store.get_expire_at_browser_close(),
            }
        else:
            raise ValueError(f"unknown kind {kind}")
    except (Exception, zlib.error) as error:  # every refusal is an outcome
        out.pop("expected", None)
        out.pop("expected_session", None)
        out.pop("compressed", None)
        cls = type(error)
        short = {"Error": "binascii.Error", "error": "zlib.error"}.get(cls.__name__, cls.__name__)
        out.update(error=short, error_class=f"{cls.__module__}.{cls.__qualname__}", error_is_bad_signature=isinstance(error, signing.BadSignature), error_message=str(error))
    finally:
        freeze(None)
    return out


cases = []
for case in source["vectors"]:
    regenerated = {key: value for key, value in case.items() if key not in OUTCOMES}
    regenerated.update(outcome(case))
    cases.append(regenerated)
json.dump({"meta": {**meta, "django_version": django.get_version()}, "vectors": cases}, sys.stdout, indent=1)
sys.stdout.write("\n")
