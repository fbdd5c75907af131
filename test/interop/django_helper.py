"""A long-lived Django signing helper for the randomized cross-check: one JSON request per stdin line,
one JSON answer per stdout line. ops: dumps {value, key, salt} -> {token}; loads {token, key, salt} ->
{value} or {error}; positional {key, salt} -> {token} or {error} (Signer's arguments given positionally);
cookie {header, name, key, salt}: the value Django's own Cookie parser finds in a request's Cookie header,
then loads -> {value} or {error}."""
import warnings
import json
import sys

from django.conf import settings

settings.configure(SECRET_KEY="unused-helper-default-secret-0123456789abcdefghij")

from django.core import signing  # noqa: E402
from django.http.cookie import parse_cookie  # noqa: E402

warnings.simplefilter("ignore")  # 4.2's deprecation warning for positional Signer arguments

for line in sys.stdin:
    request = json.loads(line)
    try:
        if request["op"] == "positional":
            # Signer(key, sep, salt) positionally: deprecated in 4.2, a TypeError from 5.1 (keyword-only).
            answer = {"token": signing.Signer(request["key"], ":", request["salt"]).sign("x")}
        elif request["op"] == "dumps":
            answer = {"token": signing.dumps(request["value"], key=request["key"], salt=request["salt"], compress=True)}
        elif request["op"] == "cookie":
            token = parse_cookie(request["header"])[request["name"]]
            answer = {"value": signing.loads(token, key=request["key"], salt=request["salt"])}
        else:
            answer = {"value": signing.loads(request["token"], key=request["key"], salt=request["salt"])}
    except Exception as error:  # every refusal is reported, never fatal
        answer = {"error": type(error).__name__}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
