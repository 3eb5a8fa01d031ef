#!/usr/bin/env python3
"""Sums a flat `perf` profile of the server by component.

Reads the output of
    perf report -i FILE --no-children --sort sym --stdio
on standard input and prints each component's share of the samples: the
kernel (thread switches, sockets, memory pages), the database when it runs
in the server (SQLite), the SQL client, GraphQL parsing and resolving,
JSON, HTTP, the async runtime and the allocators. A symbol counts in the
first component whose pattern it matches; BENCHMARKS.md shows its use.
"""

import collections
import re
import sys

COMPONENTS = [
    ("SQLite (the database, in the server)", r"sqlite3|pcache|[bB]tree|getCellInfo|Vdbe|pager"),
    ("SQL client (sqlx, SeaORM, sea-query)", r"sqlx|sea_orm|sea_query"),
    ("GraphQL: parsing the query (pest)", r"pest::|stacker::|psm_|async_graphql_parser"),
    ("GraphQL: validation and resolvers", r"async_graphql|indexmap|claimgraph::graphql"),
    ("JSON (serde_json)", r"serde_json|serde::"),
    ("HTTP (hyper, axum, tower)", r"hyper|axum|tower|http::|h2::"),
    ("async runtime (tokio, futures, tracing)", r"tokio|futures|mio::|tracing|Future>::poll"),
    ("allocator (mimalloc)", r"\bmi_|_mi_|mimalloc"),
    ("allocator (glibc malloc: SQLite's)", r"_int_malloc|_int_free|malloc_consolidate|unlink_chunk|^malloc$|^free$"),
    ("locks (pthread mutexes: SQLite's)", r"pthread_mutex"),
    ("memcpy, memcmp (libc)", r"__mem|memcpy|memmove|memset|memcmp|strlen"),
    ("claimgraph's own code", r"claimgraph"),
    ("dates (chrono)", r"chrono"),
    ("formatting, hashing, core and alloc", r"core::|alloc::|std::|hashbrown"),
]

KERNEL = [
    ("kernel: memory pages", r"clear_page|page_fault|alloc_pages"),
    ("kernel: switching threads (wake-ups, futexes)", r"switch|sched|futex|idle|irq"),
]


def main() -> None:
    shares = collections.Counter()
    for line in sys.stdin:
        match = re.match(r"\s*([\d.]+)%\s+\[(.)\]\s+(.*)", line)
        if not match:
            continue
        share, space, symbol = float(match.group(1)), match.group(2), match.group(3).strip()
        table = KERNEL if space == "k" else COMPONENTS
        fallback = "kernel: sockets and system calls" if space == "k" else "other"
        name = next((n for n, pattern in table if re.search(pattern, symbol)), fallback)
        shares[name] += share
    for name, share in shares.most_common():
        print(f"{share:6.1f}%  {name}")


if __name__ == "__main__":
    main()
