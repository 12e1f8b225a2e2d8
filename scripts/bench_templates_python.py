#!/usr/bin/env python3
"""Times real Jinja2 on the template benchmark pages (compiled template cached),
the same way bench_templates times flask::jinja: median per render."""
import json
import pathlib
import statistics
import sys
import timeit

import jinja2


def main() -> int:
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/bench/templates")
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        auto_reload=False,  # as Flask in production, and as bench_templates
        autoescape=lambda name: name is None or name.endswith((".html", ".htm", ".xml", ".xhtml", ".svg")),
    )
    for page in ("table", "form", "list"):
        template = env.get_template(f"{page}.html")
        context = json.loads((folder / f"{page}.json").read_text())
        expected = (folder / f"{page}.expected.html").read_text()
        ok = template.render(context) == expected
        times = timeit.repeat(lambda: template.render(context), number=1, repeat=iterations)
        median_us = statistics.median(times) * 1e6
        print(f"{page}: {'bytes match' if ok else 'MISMATCH'}, median {median_us:.1f} us per render")
    return 0


if __name__ == "__main__":
    sys.exit(main())
