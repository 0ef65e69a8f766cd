"""Write (or check) the exported SDL at schema/schema.graphql: `python -m schema.export [--check]`."""

from __future__ import annotations

import sys
from pathlib import Path

from schema.schema import export_sdl

SDL_PATH = Path(__file__).with_name("schema.graphql")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    sdl = export_sdl()
    if "--check" in argv:
        if not SDL_PATH.exists() or SDL_PATH.read_text() != sdl:
            print("schema/schema.graphql is stale: run `python -m schema.export`", file=sys.stderr)
            return 1
        return 0
    SDL_PATH.write_text(sdl)
    print(f"wrote {SDL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
