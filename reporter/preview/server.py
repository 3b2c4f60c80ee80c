"""`reporter preview`: the brief's pages in the browser, built again on every save. Starlette answers the page, its
pictures and its events; uvicorn serves it on the loopback address only; each new build reaches the page as a
server-sent event, and the page swaps in the pictures that changed."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import time
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from reporter.errors import ReporterError
from reporter.preview.raster import PageImage
from reporter.preview.session import PreviewSession, Snapshot
from reporter.preview.watch import Watcher

HOST = "127.0.0.1"
"""Nothing listens beyond this machine: a preview shows unpublished cases."""
KEPT_PICTURES = 64
"""Pictures of earlier builds still served (a page loading while a new build lands asks for them)."""
PAGE = Path(__file__).with_name("page.html")


def bind(port: int) -> socket.socket:
    """The listening socket, made here so that a port in use is one line, not uvicorn's traceback."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise ReporterError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}; give another --port (0 picks "
                            "a free one)") from None
    sock.listen(64)
    return sock


class Pictures:
    """The pictures the page may ask for, by key: the current build's and a few before (least recent dropped)."""

    def __init__(self) -> None:
        self._pictures: OrderedDict[str, PageImage] = OrderedDict()

    def add(self, pages: list[PageImage]) -> None:
        for page in pages:
            self._pictures[page.key] = page
            self._pictures.move_to_end(page.key)
        while len(self._pictures) > max(KEPT_PICTURES, len(pages)):
            self._pictures.popitem(last=False)

    def get(self, key: str) -> PageImage | None:
        return self._pictures.get(key)


def make_app(session: PreviewSession, port: int, stopped: Callable[[], bool] = lambda: False):
    """The Starlette application of one preview session. `stopped()` turning true ends the event streams (Ctrl-C:
    an open page must not hold the server's shutdown)."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
    from starlette.routing import Route

    pictures = Pictures()
    pictures.add(session.snapshot.pages)
    session.listeners.append(lambda snapshot: pictures.add(snapshot.pages))
    allowed_hosts = {f"{HOST}:{port}", f"localhost:{port}"}

    def state() -> dict:
        return {**session.snapshot.as_json(), "choices": session.choices(), "case": session.case.name}

    def foreign(request: Request) -> Response | None:
        """Another site's page reaching the preview through a name that resolves here (DNS rebinding)."""
        if request.headers.get("host") not in allowed_hosts:
            return Response("this preview answers only on its own address", status_code=403)
        return None

    async def index(request: Request) -> Response:
        return foreign(request) or HTMLResponse(PAGE.read_text("utf-8"), headers={"Cache-Control": "no-store"})

    async def current(request: Request) -> Response:
        return foreign(request) or JSONResponse(state(), headers={"Cache-Control": "no-store"})

    async def picture(request: Request) -> Response:
        refused = foreign(request)
        if refused:
            return refused
        page = pictures.get(request.path_params["key"])
        if page is None:
            return Response("no such page picture", status_code=404)
        data = await asyncio.to_thread(page.png)
        return Response(data, media_type="image/png", headers={"Cache-Control": "public, max-age=31536000, immutable"})

    async def choose(request: Request) -> Response:
        refused = foreign(request)
        if refused:
            return refused
        try:
            body = await request.json()
            wanted = {key: body[key] for key in ("lang", "layout", "format") if isinstance(body.get(key), str)}
            await asyncio.to_thread(session.choose, wanted.get("lang"), wanted.get("layout"), wanted.get("format"))
        except (ValueError, AttributeError):
            return JSONResponse({"error": "not a choice of this preview"}, status_code=400)
        return JSONResponse(state())

    async def events(request: Request) -> Response:
        refused = foreign(request)
        if refused:
            return refused
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[Snapshot] = asyncio.Queue(maxsize=16)

        def listener(snapshot: Snapshot) -> None:
            loop.call_soon_threadsafe(lambda: queue.full() or queue.put_nowait(snapshot))

        async def stream():
            session.listeners.append(listener)
            try:
                yield f"data: {json.dumps(state())}\n\n"
                while not stopped():
                    try:
                        await asyncio.wait_for(queue.get(), timeout=0.5)
                    except asyncio.TimeoutError:
                        if await request.is_disconnected():
                            break
                        continue
                    while not queue.empty():  # several builds while the page was busy: the last counts
                        queue.get_nowait()
                    yield f"data: {json.dumps(state())}\n\n"
            finally:
                session.listeners.remove(listener)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return Starlette(routes=[Route("/", index), Route("/state", current), Route("/events", events),
                             Route("/page/{key:str}.png", picture), Route("/choose", choose, methods=["POST"])])


def _say(snapshot: Snapshot) -> None:
    stamp = time.strftime("%H:%M:%S")
    if snapshot.error:
        print(f"[{stamp}] error: {snapshot.error}", file=sys.stderr, flush=True)
    else:
        print(f"[{stamp}] built {snapshot.lang} {snapshot.layout} {snapshot.format}: {len(snapshot.pages)} pages in "
              f"{snapshot.seconds:.2f} s", file=sys.stderr, flush=True)


def serve(session: PreviewSession, port: int) -> None:
    """Build once, watch, serve until Ctrl-C (or SIGTERM); then stop the watcher and return."""
    import uvicorn

    sock = bind(port)
    port = sock.getsockname()[1]
    session.listeners.append(_say)
    session.rebuild()
    watcher = Watcher(lambda: session.watched, session.files_changed)
    watcher.start()
    servers: list = []
    config = uvicorn.Config(make_app(session, port, lambda: bool(servers and servers[0].should_exit)),
                            log_level="warning", timeout_graceful_shutdown=2, lifespan="off")
    servers.append(uvicorn.Server(config))
    print(f"preview: http://{HOST}:{port}/  ({session.case.name}; Ctrl-C stops it)", flush=True)
    try:
        servers[0].run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the signal again once it has shut down: Ctrl-C is the way out
        pass
    finally:
        watcher.stop()
        sock.close()
    print("preview: stopped", flush=True)
