#!/usr/bin/env bash
# Runs every test of the solution, on SQLite and on PostgreSQL, and the browser journeys.
#
#   bash scripts/test.sh                                # as the machine's clock says
#   bash scripts/test.sh --at "2027-12-31 15:30:00"     # with the clock moved to that UTC moment (faketime)
#   bash scripts/test.sh --no-build                     # test what the last build left
#
# On a fresh Debian 12 machine with only the .NET SDK it installs what is missing (Chromium, CJK fonts,
# poppler-utils, PostgreSQL 15, faketime), starts a throwaway PostgreSQL cluster on a free loopback port (exported as
# TEST_POSTGRES for the tests), builds once, runs `dotnet test` with TRX results under artifacts/test-results,
# stops the cluster, and ends with the line `Tests: N passed, N failed, N skipped`.
# With --at, the tests (the app, Hangfire, Chromium) run under faketime from that moment on; the build and
# PostgreSQL keep the real time.
# Exits non-zero when the build fails, a test fails, or no test ran.
set -euo pipefail

AT=""
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --at) AT=${2:?--at needs a UTC moment such as "2027-12-31 15:30:00"}; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        *) echo "usage: bash scripts/test.sh [--at 'YYYY-MM-DD HH:MM:SS'] [--no-build]" >&2; exit 2 ;;
    esac
done
# The prefix that runs the tests on the shifted clock when --at was given (TZ=UTC: the moment is UTC whatever the
# machine's zone; the test host, the app, Hangfire and Chromium inherit the shifted clock). PostgreSQL keeps the real
# clock: the platform never asks the database for the time, and pg_ctl cannot tell when a server started under
# faketime is ready.
SHIFTED=()
[ -z "$AT" ] || SHIFTED=(env TZ=UTC faketime "$AT")

cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
[ -z "$AT" ] || RESULTS="$RESULTS-shifted"
PG_BIN=/usr/lib/postgresql/15/bin
started=$(date +%s)

log() { printf '==> %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

summary() { printf 'Tests: %d passed, %d failed, %d skipped\n' "$1" "$2" "$3"; }

# --- (a) system packages -----------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for pkg in chromium fonts-wqy-microhei fonts-noto-cjk poppler-utils; do
    installed "$pkg" || missing+=("$pkg")
done
[ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
[ -z "$AT" ] || command -v faketime >/dev/null || missing+=(faketime)
if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- (b) a throwaway PostgreSQL 15 cluster -------------------------------------------------------------
PG_DIR=""
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_postgres() {
    if [ -n "$PG_DIR" ] && [ -d "$PG_DIR" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_DIR"
    fi
}
trap stop_postgres EXIT

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    log "creating the postgres user"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT=""
for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if port_free "$candidate"; then PG_PORT=$candidate; break; fi
done
[ -n "$PG_PORT" ] || { echo "no free port for PostgreSQL" >&2; summary 0 0 0; exit 1; }

PG_DIR=$(mktemp -d -t academy-pg.XXXXXX)
chmod 700 "$PG_DIR"
[ "$(id -u)" -eq 0 ] && chown postgres: "$PG_DIR"
log "starting PostgreSQL 15 on 127.0.0.1:$PG_PORT in $PG_DIR"
# Trust authentication and no durability: a test cluster on loopback, deleted when this script ends.
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; summary 0 0 0; exit 1; }
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null \
    || { cat "$PG_DIR/postgres.log" >&2; summary 0 0 0; exit 1; }
export TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"

# --- (c) build once, then test -------------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "$BUILD" -eq 1 ]; then
    log "restoring tools"
    dotnet tool restore >/dev/null
    log "building"
    if ! dotnet build TrainerAcademy.sln -c Release -nologo -clp:ErrorsOnly; then
        echo "build failed" >&2
        summary 0 0 0
        exit 1
    fi
fi

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
if [ -n "$AT" ]; then log "testing with the clock at $AT UTC (faketime)"; else log "testing"; fi
test_status=0
# One test assembly at a time (-m:1): the browser journeys time real pages, and on 2 cores they should not share
# the machine with the parallel enrollment rushes of the other assembly.
"${SHIFTED[@]}" dotnet test TrainerAcademy.sln -c Release --no-build -m:1 --logger "trx" --results-directory "$RESULTS" || test_status=$?

# --- (d) count what ran, from the TRX files ------------------------------------------------------------
attr() {
    local value
    value=$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -n1)
    echo "${value:-0}"
}
passed=0; failed=0; skipped=0; files=0
shopt -s nullglob globstar
for trx in "$RESULTS"/**/*.trx; do
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1 || true)
    [ -n "$counters" ] || { failed=$((failed + 1)); echo "no counters in $trx" >&2; continue; }
    for name in failed error timeout aborted; do
        failed=$((failed + $(attr "$name" "$counters")))
    done
    passed=$((passed + $(attr passed "$counters")))
    # A skipped test is a result with outcome NotExecuted (the Counters element does not count it).
    not_executed=$(grep -o '<UnitTestResult [^>]*>' "$trx" | grep -c 'outcome="NotExecuted"' || true)
    skipped=$((skipped + not_executed))
done

elapsed=$(( $(date +%s) - started ))
log "TRX files: $files in ${RESULTS#"$ROOT"/}; wall time ${elapsed}s"
status=0
if [ "$test_status" -ne 0 ] || [ "$failed" -gt 0 ]; then status=1; fi
if [ $((passed + failed)) -eq 0 ]; then echo "no test ran" >&2; status=1; fi

stop_postgres
trap - EXIT
summary "$passed" "$failed" "$skipped"
exit "$status"
