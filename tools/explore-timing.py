#!/usr/bin/env python3
"""Times the explorer's own requests against a running server.

    tools/explore-timing.py http://127.0.0.1:8101 [ORGANIZATION TOPIC]

Sends each operation of api/assets/explore/queries/ the explorer sends on
opening a view (the cards, the facets, the timeline unsplit and split by
speaker and by organization, a suggestion) for three views: nothing chosen,
an organization, and an organization with a topic (by default "Republic of
Kazakhstan" and "investigation", the bench harness's picks on a generated
corpus). Each is sent three times; the fastest is printed, with the first
error's message when there is one. BENCHMARKS.md shows its figures.
"""

import json
import pathlib
import sys
import time
import urllib.error
import urllib.request

QUERIES = pathlib.Path(__file__).resolve().parent.parent / "api/assets/explore/queries"


def post(base, query, variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(base + "/graphql", body, {"content-type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            data = json.load(response)
    except urllib.error.HTTPError as error:
        data = json.load(error)
    elapsed = (time.monotonic() - started) * 1000
    errors = data.get("errors")
    return elapsed, errors[0]["message"][:100] if errors else "ok"


def main():
    base = sys.argv[1].rstrip("/")
    organization = sys.argv[2] if len(sys.argv) > 2 else "Republic of Kazakhstan"
    topic = sys.argv[3] if len(sys.argv) > 3 else "investigation"
    queries = {path.stem: path.read_text() for path in QUERIES.glob("*.graphql")}
    views = {
        "nothing chosen": {},
        "an organization": {"organization": organization},
        "an organization and a topic": {"organization": organization, "topic": topic},
    }
    for name, view in views.items():
        print(f"== {name}: {json.dumps(view, ensure_ascii=False)}")

        def without(field):
            return {k: v for k, v in view.items() if k != field}

        requests = [
            ("cards", "statements", {"filter": view, "first": 20}),
            ("facets", "facets", {
                "speakers": without("speaker"), "organizations": without("organization"),
                "topics": without("topic"), "languages": view, "months": view, "reviewStatuses": view,
            }),
            ("timeline", "timeline", {"filter": view, "split": None}),
            ("timeline by speaker", "timeline", {"filter": view, "split": "SPEAKER", "top": 6}),
            ("timeline by organization", "timeline", {"filter": view, "split": "ORGANIZATION", "top": 6}),
            ("suggestions", "resolve", {"name": "МИД РК расследование"}),
        ]
        for label, stem, variables in requests:
            elapsed, outcome = min((post(base, queries[stem], variables) for _ in range(3)), key=lambda r: r[0])
            print(f"  {label:26} {elapsed:8.0f} ms  {outcome}")


if __name__ == "__main__":
    main()
