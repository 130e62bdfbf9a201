"""A receiver of Parley's webhooks, with the standard library only (Python 3.9 or later): checks each
delivery's signature and timestamp, answers 204 at once, and handles each event once.

    PARLEY_WEBHOOK_SECRET=whsec_… PORT=3003 python3 webhook_receiver.py

PARLEY_WEBHOOK_SECRET: the endpoint's secret, shown once when the endpoint was made (or its secret rotated).
Parley sends to https:// URLs only: put this behind your HTTPS reverse proxy.
"""
import base64
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

KEY = base64.b64decode(os.environ["PARLEY_WEBHOOK_SECRET"].removeprefix("whsec_"))
TOLERANCE_SECONDS = 5 * 60
MAX_BODY_BYTES = 1024 * 1024
# The webhook-ids already handled: a retry or a redelivery comes again with the same id. In production,
# keep them in your database (a unique column) for a few days, not in memory.
handled = set()


def verify(headers, body):
    """The event, if `body` is what Parley signed, less than 5 minutes ago; ValueError otherwise."""
    webhook_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not (timestamp.isascii() and timestamp.isdigit()) or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
        raise ValueError("timestamp missing or more than 5 minutes from now")
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    expected = b"v1," + base64.b64encode(hmac.new(KEY, signed, hashlib.sha256).digest())
    # One "v1,<base64>" per secret, space-separated (two while a rotated secret is still valid).
    if not any(hmac.compare_digest(expected, given.encode()) for given in headers.get("webhook-signature", "").split()):
        raise ValueError("no valid signature")
    return json.loads(body)


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        if not 0 <= length <= MAX_BODY_BYTES:
            self.send_response(413)
            self.end_headers()
            return
        body = self.rfile.read(length)  # the raw bytes: the signature covers them exactly
        try:
            event = verify(self.headers, body)
        except ValueError as error:
            print(f"rejected: {error}", flush=True)
            self.send_response(400)
            self.end_headers()
            return
        self.send_response(204)  # answer first: Parley waits 15 s at most, then tries again later
        self.end_headers()
        webhook_id = self.headers["webhook-id"]
        if webhook_id in handled:
            return
        handled.add(webhook_id)
        print(event["type"], webhook_id, flush=True)  # your work here: queue it, update your CRM…

    def log_message(self, format, *args):
        pass  # no access log on stderr


server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "3003"))), Receiver)
print(f"webhook receiver on http://127.0.0.1:{server.server_port}/", flush=True)
server.serve_forever()
