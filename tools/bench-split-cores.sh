#!/usr/bin/env bash
# Runs `claimgraph bench` with PostgreSQL on one core and the API server
# and the load generator on the others: on one machine, the arrangement
# where the API runs on machines of its own and the database's processor
# is what bounds both the API's page and the raw SQL it is compared with.
#
#   tools/bench-split-cores.sh <claimgraph binary> <server URL> <database URL> [bench options…]
#
# The server must be listening on the URL's port. Every process of the
# `postgres` user (the postmaster, so the connections it forks from now on
# too) is pinned to core DB_CPU (default 0), the server and the bench to
# APP_CPUS (default: every other core); all are given every core back on exit.
# BENCHMARKS.md ("the database on a core of its own") shows its figures.
set -euo pipefail

if [ $# -lt 3 ]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
binary=$1 url=$2 database_url=$3
shift 3
cores=$(nproc)
if [ "$cores" -lt 2 ]; then
    echo "bench-split-cores: needs at least two cores, this machine has $cores" >&2
    exit 1
fi
all="0-$((cores - 1))"
db_cpu=${DB_CPU:-0}
app_cpus=${APP_CPUS:-$( [ "$db_cpu" = 0 ] && echo "1-$((cores - 1))" || echo 0 )}

port=${url##*:}
port=${port%%/*}
server=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
if [ -z "$server" ]; then
    echo "bench-split-cores: nothing listens on port $port (start the server first)" >&2
    exit 1
fi
postgres=$(pgrep -u postgres || true)
if [ -z "$postgres" ]; then
    echo "bench-split-cores: no process of the postgres user runs here" >&2
    exit 1
fi

restore() {
    for pid in $(pgrep -u postgres) "$server"; do
        taskset -a -p -c "$all" "$pid" >/dev/null 2>&1 || true
    done
}
trap restore EXIT

for pid in $postgres; do
    taskset -a -p -c "$db_cpu" "$pid" >/dev/null 2>&1 || true
done
taskset -a -p -c "$app_cpus" "$server" >/dev/null
echo "PostgreSQL on core $db_cpu; the server (pid $server) and the bench on $app_cpus"

before=$(grep "^cpu$db_cpu " /proc/stat)
taskset -c "$app_cpus" "$binary" bench --url "$url" --database-url "$database_url" "$@"
after=$(grep "^cpu$db_cpu " /proc/stat)
# The database core's busy share over the run: everything but idle and iowait.
python3 - "$before" "$after" "$db_cpu" <<'EOF'
import sys
a = [int(x) for x in sys.argv[1].split()[1:]]
b = [int(x) for x in sys.argv[2].split()[1:]]
d = [y - x for x, y in zip(a, b)]
idle = d[3] + d[4]
print(f"core {sys.argv[3]} (PostgreSQL) busy {100 * (sum(d) - idle) / max(sum(d), 1):.0f} % of the run")
EOF
