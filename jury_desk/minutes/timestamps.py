"""RFC 3161 time stamps for the PV: each signature's, and the secretariat's document time
stamp that makes an archived PV verifiable after its certificates expire (PAdES B-LTA).

pyHanko builds the request and checks the answer (nonce, imprint); this module only carries
it over HTTP with the standard library (no proxy: a TSA is named by the user, and nothing
else may be contacted), with a timeout and a cap on the answer's size. Any failure, a TSA
that answers garbage or does not answer, becomes one ``MinutesError`` (``tsa.unavailable``):
signing goes on without a time stamp only when the user said so.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from asn1crypto import tsp
from pyhanko.sign.timestamps.api import TimeStamper

from jury_desk.core.errors import MinutesError, UsageError

MAX_TSA_RESPONSE = 256 * 1024  # a token with its certificate chain is a few kilobytes
TSA_TIMEOUT = 15.0  # seconds, per request


def check_tsa_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--tsa {url}: not an http(s) URL of a time-stamping authority.")
    return url


class TsaClient(TimeStamper):
    """pyHanko's TimeStamper over urllib: POST the DER request, read the DER answer."""

    def __init__(self, url: str, *, timeout: float = TSA_TIMEOUT) -> None:
        super().__init__(include_nonce=True)
        self.url = check_tsa_url(url)
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _post(self, body: bytes) -> bytes:
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/timestamp-query"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                kind = answer.headers.get("Content-Type", "")
                data = answer.read(MAX_TSA_RESPONSE + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise tsa_error(self.url, f"no answer ({reason})") from None
        if kind.split(";")[0].strip() != "application/timestamp-reply":
            raise tsa_error(self.url, f"it answered {kind or 'something'} instead of a time stamp")
        if len(data) > MAX_TSA_RESPONSE:
            raise tsa_error(self.url, "its answer is too large")
        return data

    async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        data = await asyncio.to_thread(self._post, req.dump())
        try:
            response = tsp.TimeStampResp.load(data)
            response.native  # parse it all now: asn1crypto is lazy  # noqa: B018
        except (ValueError, TypeError, KeyError) as exc:
            raise tsa_error(self.url, f"its answer is not a time stamp ({exc})") from None
        return response


def tsa_error(url: str, why: str) -> MinutesError:
    why = " ".join(why.split())[:200]  # one line, whatever the library said
    return MinutesError(
        "tsa.unavailable",
        f"The time-stamping authority {url} gave no time stamp: {why}.",
        url,
    )
