#!/usr/bin/env bash
# The binary on PostgreSQL as an operator runs it for a city: migrate, seed the demo district,
# two servers on one database behind (an imagined) load balancer, a case reported through one and
# read and acted on through the other, one timer leader, and the other taking over when it stops.
# Usage: cli_pg_test.sh /path/to/onegrid   (ONEGRID_TEST_PG: a running cluster, as ctest gives)
set -uo pipefail
BIN=$(realpath "$1")
: "${ONEGRID_TEST_PG:?the URL of a running PostgreSQL cluster}"
WORK=$(mktemp -d)
DBNAME="cli_$$"
trap 'kill $(jobs -p) 2>/dev/null; psql "$ONEGRID_TEST_PG" -X -q -c "DROP DATABASE IF EXISTS $DBNAME" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
cd "$WORK"
export ONEGRID_PASSWORD_HASH=minimum ONEGRID_TIMER_INTERVAL=1 ONEGRID_MEDIA="$WORK/media"
psql "$ONEGRID_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DBNAME" || exit 1
DB="${ONEGRID_TEST_PG%/*}/$DBNAME"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() {
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}
start_server() {  # start_server NAME: onegrid serve in the background; sets URL_<NAME>, PID_<NAME>
  local name=$1
  "$BIN" serve --db "$DB" --listen 127.0.0.1:0 >"$name.out" 2>"$name.err" &
  printf -v "PID_$name" %s $!
  for _ in $(seq 1 100); do
    local url
    url=$(grep -o 'http://[0-9.]*:[0-9]*' "$name.out" | head -1)
    if [ -n "$url" ]; then printf -v "URL_$name" %s "$url"; return 0; fi
    sleep 0.1
  done
  echo "server $name did not start:"; cat "$name.out" "$name.err"
  return 1
}
wait_for() {  # wait_for FILE REGEX: up to 10 s
  for _ in $(seq 1 100); do grep -qE "$2" "$1" && return 0; sleep 0.1; done
  return 1
}
token() {  # token URL USER
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"demo-pass-1\"}" \
    "$1/api/v1/session" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

check "migrate creates the schema" bash -c "'$BIN' migrate --db '$DB' | grep -qE 'schema version 0 -> [1-9][0-9]*$'"
check "the password in a URL is not printed" \
  bash -c "'$BIN' migrate --db '${DB/postgres@/postgres:secret@}' 2>&1 | grep -v secret | grep -q 'postgres:\*\*\*@'"
out=$("$BIN" migrate --db 'postgresql://postgres:hunter2@127.0.0.1:1/nowhere' 2>&1); rc=$?
check "an unreachable database is an error that says so" \
  bash -c "[ $rc -eq 1 ] && grep -q 'cannot connect to PostgreSQL' <<<'$out' && ! grep -q hunter2 <<<'$out'"
check "seed demo on PostgreSQL" bash -c "'$BIN' seed demo --db '$DB' --demo-password demo-pass-1 | grep -qE '12 streets'"
start_server one && start_server two
check "one of the two servers runs the timers" \
  bash -c "sleep 2; [ \$(cat one.err two.err | grep -c 'this server runs the timers') -eq 1 ]"
leader=one; other=two
grep -q 'this server runs the timers' two.err && { leader=two; other=one; }
leader_url_var="URL_$leader"; other_url_var="URL_$other"
LEADER_URL=${!leader_url_var}; OTHER_URL=${!other_url_var}
itok=$(token "$LEADER_URL" intake_operator)
made=$(curl -sf -H "Authorization: Bearer $itok" -H 'Content-Type: application/json' \
  -d '{"kind":"event","category_code":"09009","description":"路口机动车乱停放","location":{"lon":113.69,"lat":34.75},"address":"管城","source":"hotline"}' \
  "$LEADER_URL/api/v1/cases")
id=$(sed -E 's/.*"id":([0-9]+).*/\1/' <<<"$made")
check "a case reported through one server" test -n "$id"
stok=$(token "$OTHER_URL" shift_lead)
check "is served by the other" \
  bash -c "curl -sf -H 'Authorization: Bearer $stok' '$OTHER_URL/api/v1/cases/$id' | grep -q '\"state\":\"reported\"'"
check "and acted on there" \
  bash -c "curl -sf -H 'Authorization: Bearer $stok' -H 'Content-Type: application/json' -d '{\"expected_version\":1}' \
    '$OTHER_URL/api/v1/cases/$id/actions/accept' | grep -q '\"state\":\"accepted\"'"
pid_var="PID_$leader"
kill -TERM "${!pid_var}"; wait "${!pid_var}"
check "the leader stops cleanly" test $? -eq 0
check "the other server takes the timers over" wait_for "$other.err" 'this server runs the timers'
pid_var="PID_$other"
kill -TERM "${!pid_var}"; wait "${!pid_var}"
check "the other stops cleanly" test $? -eq 0

# The operator's audit commands on PostgreSQL: the log verifies, the rows rebuild to themselves,
# and an event altered behind onegrid's back is reported.
check "verify finds every case log intact" bash -c "'$BIN' verify --db '$DB' 2>/dev/null | grep -q 'every case log is intact'"
check "rebuild rewrites nothing on a healthy database" \
  bash -c "'$BIN' rebuild cases --db '$DB' 2>/dev/null | grep -qE 'rebuilt [0-9]{4,} cases from [0-9]{5,} events; 0 rows differed'"
check "the demo history on PostgreSQL: rollups agree with the log" \
  bash -c "'$BIN' verify --db '$DB' 2>/dev/null | grep -q 'the rollups agree with them'"
psql "$DB" -X -q -c "UPDATE case_events SET note = 'tampered' WHERE case_id = $id AND seq = 1"
out=$("$BIN" verify --db "$DB" 2>/dev/null); rc=$?
check "verify reports the altered event and exits 1" bash -c "[ $rc -eq 1 ] && grep -q 'case $id, event 1: altered' <<<'$out'"
check "a year's holidays are imported into PostgreSQL" \
  bash -c "echo '{\"year\":2027,\"papers\":[],\"days\":[{\"name\":\"元旦\",\"date\":\"2027-01-01\",\"isOffDay\":true}]}' >2027.json &&
           '$BIN' calendar import 2027.json --db '$DB' 2>/dev/null | grep -q 'imported the year 2027: 1 days'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
