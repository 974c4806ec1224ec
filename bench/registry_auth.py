#!/usr/bin/env python3
"""Access tokens for the benchmarks, asked for the way a SMART Backend Services client asks the registry.

Standard library and the openssl command only. bench/run.sh makes one RSA key, registers the benchmark's clients
with its public half (`python3 bench/registry_auth.py options KEY.pem` prints the registry's options for that) and
hands the key to the scripts in BENCH_CLIENT_KEY. A script then takes headers from Tokens: each is a bearer token for one of the clients
below, asked for with an RS384 client assertion (private_key_jwt) and asked for again before it expires or after
the registry restarted (its signing keys are new at every start).
"""
import base64
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

KEY_ID = "bench"
# client id -> (role, site, scopes); bench/run.sh registers exactly these
CLIENTS = {
    "bench-site": ("site", "bench", "system/*.cruds"),
    "bench-regulator": ("regulator", None, "system/*.rs"),
    "bench-ops": ("registry-admin", None, "system/*.rs"),
}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwks(key_file):
    """The JWK Set of the key's public half (the registry's `registry.security.clients.<id>.jwks`)."""
    modulus = subprocess.run(["openssl", "rsa", "-in", key_file, "-noout", "-modulus"], check=True,
                             capture_output=True, text=True).stdout.strip().split("=", 1)[1]
    exponent = subprocess.run(["openssl", "rsa", "-in", key_file, "-noout", "-text"], check=True,
                              capture_output=True, text=True).stdout
    if "publicExponent: 65537" not in exponent:
        raise SystemExit(f"{key_file}: the benchmark keys use the public exponent 65537")
    key = {"kty": "RSA", "kid": KEY_ID, "alg": "RS384", "use": "sig",
           "n": b64url(bytes.fromhex(modulus)), "e": "AQAB"}
    return json.dumps({"keys": [key]}, separators=(",", ":"))


def client_options(key_file):
    """The registry's command-line options that register CLIENTS with the key's public half."""
    keys = jwks(key_file)
    options = []
    for client, (role, site, scopes) in CLIENTS.items():
        prefix = f"--registry.security.clients.{client}"
        options += [f"{prefix}.role={role}", f"{prefix}.scopes={scopes}", f"{prefix}.jwks={keys}"]
        if site:
            options.append(f"{prefix}.site={site}")
    return options


class Tokens:
    """Bearer headers for the registry at `root` (scheme, host and port), one cached token per client."""

    def __init__(self, root, key_file=None):
        self.root = root.rstrip("/")
        self.key_file = key_file or os.environ.get("BENCH_CLIENT_KEY")
        if not self.key_file:
            raise SystemExit("BENCH_CLIENT_KEY names no key: start the benchmarks with bench/run.sh")
        self.lock = threading.Lock()
        self.cached = {}

    def headers(self, client="bench-site"):
        with self.lock:
            token, until = self.cached.get(client, (None, 0))
            if time.time() > until:
                token, lifetime = self.ask(client)
                until = time.time() + lifetime - 30
                self.cached[client] = (token, until)
        return {"Authorization": "Bearer " + token}

    def headers_for(self, url):
        """What a request to `url` carries: nothing for the public parts of the registry and for anything else,
        the operations client's token for the operational endpoints, the site's token for the rest."""
        if not url.startswith(self.root + "/"):
            return {}
        path = urllib.parse.urlsplit(url).path
        if path.startswith("/actuator/health/") or path.startswith("/api/trials") or path.startswith("/api/analysis"):
            return {}
        if path.startswith("/actuator/") or path.startswith("/api/ehr/"):
            return self.headers("bench-ops")
        return self.headers("bench-site")

    def forget(self):
        """After a restart of the registry: its tokens were signed with keys it no longer has."""
        with self.lock:
            self.cached.clear()

    def ask(self, client):
        with urllib.request.urlopen(self.root + "/fhir/.well-known/smart-configuration", timeout=60) as response:
            endpoint = json.loads(response.read())["token_endpoint"]
        now = int(time.time())
        claims = {"iss": client, "sub": client, "aud": endpoint, "iat": now, "exp": now + 240,
                  "jti": str(uuid.uuid4())}
        signing_input = (b64url(json.dumps({"alg": "RS384", "kid": KEY_ID, "typ": "JWT"}).encode()) + "."
                         + b64url(json.dumps(claims).encode()))
        signature = subprocess.run(["openssl", "dgst", "-sha384", "-sign", self.key_file], input=signing_input.encode(),
                                   check=True, capture_output=True).stdout
        form = urllib.parse.urlencode({
            "grant_type": "client_credentials",
            "scope": CLIENTS[client][2],
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": signing_input + "." + b64url(signature),
        }).encode()
        request = urllib.request.Request(endpoint, data=form, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        return answer["access_token"], int(answer.get("expires_in", 300))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "options":
        print("\n".join(client_options(sys.argv[2])))
    else:
        raise SystemExit("usage: registry_auth.py options KEY.pem")
