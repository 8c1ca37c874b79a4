"""Request bodies are capped before they are read whole, and an upload is not read before its caller is known.

A JSON body may be `max_json_bytes`; a multipart one (a file upload) the
upload cap plus 1 MB for its other parts. A declared Content-Length over the
cap is refused at once; a body that grows past it while streaming is cut off.
Either way the answer is a JSON GraphQL error (413), never a plain-text 5xx.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024


class BodyTooLarge(Exception):
    pass


async def json_error(send: Send, status: int, code: str, message: str) -> None:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimits:
    def __init__(self, app: ASGIApp, max_json_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_json_bytes = max_json_bytes
        self.max_multipart_bytes = max_upload_bytes + MB

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/")
        limit = self.max_multipart_bytes if multipart else self.max_json_bytes
        if multipart and not getattr(scope.get("user"), "is_authenticated", False):
            error = getattr(scope.get("user"), "error", None)
            message = error.message if error is not None else "Log in first: send 'Authorization: Bearer <token>'."
            await json_error(send, 401, "UNAUTHENTICATED", message)
            return
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await json_error(send, 413, "BAD_USER_INPUT", f"The request body is over {limit // 1024} KB.")
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await json_error(send, 413, "BAD_USER_INPUT", f"The request body is over {limit // 1024} KB.")
