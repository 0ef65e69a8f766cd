"""Serve the built PWA (pwa/dist) at /, same origin as /graphql: files as they are, every other
path (a client-side route such as /needs/123) answered with index.html, and a placeholder page
until the PWA is built. Hashed assets are cached for a year; index.html, the service worker and
the manifest are revalidated on every load so an update reaches people at once. Text files are
gzipped once and kept in memory (the whole build is a few hundred KB)."""

from __future__ import annotations

import gzip
import mimetypes
from functools import lru_cache
from pathlib import Path

from litestar import Request, Response, get

PLACEHOLDER = Path(__file__).parent / "placeholder"
COMPRESSIBLE = {".js", ".mjs", ".css", ".html", ".svg", ".webmanifest", ".json", ".txt"}
TYPES = {".webmanifest": "application/manifest+json", ".mjs": "text/javascript", ".js": "text/javascript"}
# Same-origin everything; inline style attributes are used by components, inline scripts never.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


@lru_cache(maxsize=512)
def _read(path: Path, mtime: float, compress: bool) -> bytes:
    data = path.read_bytes()
    return gzip.compress(data, 9, mtime=0) if compress else data


def make_pwa_handler(dist: Path):
    root = (dist if (dist / "index.html").exists() else PLACEHOLDER).resolve()

    def respond(request: Request, path: Path, cache: str, status: int = 200) -> Response[bytes]:
        suffix = path.suffix.lower()
        compress = suffix in COMPRESSIBLE and "gzip" in request.headers.get("accept-encoding", "")
        headers = {"Cache-Control": cache, "Vary": "Accept-Encoding", **SECURITY}
        if compress:
            headers["Content-Encoding"] = "gzip"
        media = TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if media.endswith("+json"):  # Litestar adds the charset to text/* itself
            media += "; charset=utf-8"
        return Response(
            _read(path, path.stat().st_mtime, compress), media_type=media, headers=headers, status_code=status
        )

    @get(["/", "/{path:path}"], include_in_schema=False, name="pwa", sync_to_thread=False)
    def pwa(request: Request, path: str = "") -> Response[bytes]:
        relative = path.lstrip("/")
        if relative:
            target = (root / relative).resolve()
            if target.is_relative_to(root) and target.is_file():
                immutable = relative.startswith("assets/")
                return respond(request, target, "public, max-age=31536000, immutable" if immutable else "no-cache")
            if "." in relative.rsplit("/", 1)[-1]:
                return Response(b"Not found", status_code=404, media_type="text/plain", headers=SECURITY)
        return respond(request, root / "index.html", "no-cache")

    return pwa
