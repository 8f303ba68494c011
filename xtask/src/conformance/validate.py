"""The second validator of `cargo xtask conformance`: openapi-core (PyPI,
pinned), judging the exact requests the wiretap recorded.

python validate.py SPEC.json < requests.jsonl > verdicts.jsonl
Each input line: {"i", "method", "target", "headers": [[k, v]], "body": base64}.
Each output line: {"i", "ok": bool, "reason": str}; one line
{"unavailable": reason} when the spec cannot be loaded (Swagger 2.0).
"""
import base64
import json
import sys
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest


def server_base(spec):
    servers = spec.get("servers") or [{"url": "/"}]
    url = servers[0].get("url", "/")
    for name, var in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var.get("default", "")))
    parts = urlsplit(url)
    host = f"{parts.scheme or 'https'}://{parts.netloc or 'localhost'}"
    return host, parts.path.rstrip("/")


def reason_of(error):
    texts = [f"{type(error).__name__}: {error}"]
    seen = set()
    cause = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        for sub in getattr(cause, "schema_errors", None) or []:
            where = "/".join(str(p) for p in getattr(sub, "absolute_path", []))
            texts.append(f"{where}: {getattr(sub, 'message', sub)}")
        cause = cause.__cause__ or cause.__context__
    # The schema errors first: they say what is wrong without the value.
    return "; ".join(texts[1:] + texts[:1])[:2000]


def main():
    path = sys.argv[1]
    with open(path) as f:
        raw = json.load(f)
    try:
        # The spec is judged by its requests, not itself: corpus specs that
        # break a rule of the OpenAPI schema (a `default: null` of an
        # object) still say what a valid request is.
        api = OpenAPI.from_file_path(path, config=Config(spec_validator_cls=None))
        host, prefix = server_base(raw)
    except Exception as e:  # the spec itself: no verdicts from this validator
        print(json.dumps({"unavailable": f"{type(e).__name__}: {e}"[:500]}))
        return
    for line in sys.stdin:
        r = json.loads(line)
        target = urlsplit(r["target"])
        headers = {}
        cookies = {}
        for k, v in r["headers"]:
            if k.lower() == "cookie":
                c = SimpleCookie()
                c.load(v)
                cookies.update({name: m.value for name, m in c.items()})
            else:
                headers[k] = v
        content_type = headers.get("content-type", "")
        request = MockRequest(
            host,
            r["method"],
            prefix + target.path,
            args=parse_qsl(target.query, keep_blank_values=True),
            headers=headers,
            cookies=cookies,
            data=base64.b64decode(r["body"]),
            content_type=content_type,
        )
        try:
            api.validate_request(request)
            out = {"i": r["i"], "ok": True, "reason": ""}
        except Exception as e:
            out = {"i": r["i"], "ok": False, "reason": reason_of(e)}
        print(json.dumps(out), flush=True)


main()
