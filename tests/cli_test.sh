#!/usr/bin/env bash
# The onegrid binary driven as an operator drives it: CLI commands, stdin passwords, settings
# precedence, a real server answered with curl, and a clean exit 0 on SIGTERM.
# Usage: cli_test.sh /path/to/onegrid
set -uo pipefail
BIN=$(realpath "$1")
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
export ONEGRID_PASSWORD_HASH=minimum  # keep the suite fast; the cost is tested elsewhere
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() {  # check NAME COMMAND...: passes when the command succeeds
  local name=$1; shift
  if "$@"; then ok "$name"; else fail "$name"; fi
}

# start_server LOGFILE ARGS...: starts onegrid in the background, waits for its URL.
start_server() {
  local log=$1; shift
  "$BIN" "$@" >"$log.out" 2>"$log.err" &
  SERVER_PID=$!
  for _ in $(seq 1 900); do  # up to 90 s: `demo` seeds 90 days of history first
    URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$log.out" | head -1)
    [ -n "$URL" ] && return 0
    kill -0 $SERVER_PID 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start:"; cat "$log.out" "$log.err"
  return 1
}

# --version and --help
check "--version names the version" bash -c "'$BIN' --version | grep -qE '^onegrid [0-9]+\.[0-9]+\.[0-9]+$'"
"$BIN" --help >help.txt
check "--help lists settings with their variables" grep -q 'ONEGRID_LISTEN' help.txt
check "--help gives examples and exit status" bash -c "grep -q EXAMPLES help.txt && grep -q 'EXIT STATUS' help.txt"
check "a command is required" bash -c "! '$BIN' >/dev/null 2>&1"

# migrate
check "migrate creates the schema" bash -c "'$BIN' migrate --db og.db | grep -qE 'schema version 0 -> [1-9][0-9]*$'"
check "migrate again is a no-op" bash -c "'$BIN' migrate --db og.db | grep -qE 'schema version ([1-9][0-9]*) -> \\1$'"

# user add | list | passwd
check "user add reads the password from stdin" \
  bash -c "echo 'li-password-1' | '$BIN' user add li --name 李建国 --role grid_worker:410104001000 --db og.db | grep -q 'added user li'"
check "user list shows the user and scope" \
  bash -c "'$BIN' user list --db og.db | grep -q \$'li\t李建国\tgrid_worker:410104001000'"
out=$(echo 'password-x' | "$BIN" user add wang --name 王 --role unit_staff:999 --db og.db 2>&1); rc=$?
check "a grant on a unit that does not exist is refused by its field" bash -c "[ $rc -eq 1 ] && grep -q '^onegrid: roles\[0\].scope: is not a unit' <<<'$out'"
out=$(echo 'password-x' | "$BIN" user add wang --name 王 --role leader:41014 --db og.db 2>&1); rc=$?
check "a typo in an area code is refused by its field" bash -c "[ $rc -eq 1 ] && grep -q '^onegrid: roles\[0\].scope: is not an area code' <<<'$out'"
out=$(echo 'password-x' | "$BIN" user add wang --name 王 --role mayor --db og.db 2>&1); rc=$?
check "an unknown role is refused" bash -c "[ $rc -eq 1 ] && grep -q 'unknown role' <<<'$out'"
out=$(echo 'short' | "$BIN" user add wang --name 王 --role leader --db og.db 2>&1); rc=$?
check "a short password is refused with its field" bash -c "[ $rc -eq 1 ] && grep -q '^onegrid: password: must be' <<<'$out'"
out=$(echo 'another-pass' | "$BIN" user add li --name 李 --role leader --db og.db 2>&1); rc=$?
check "a taken username is refused" bash -c "[ $rc -eq 1 ] && grep -q 'username: a user named li exists already' <<<'$out'"
check "refused adds wrote nothing" bash -c "[ \$('$BIN' user list --db og.db | wc -l) -eq 1 ]"
out=$(echo 'another-pass' | "$BIN" user add zhou --name $'周\xff' --role leader --db og.db 2>&1); rc=$?
check "a name that is not UTF-8 is refused by its option" bash -c "[ $rc -eq 1 ] && grep -q '^onegrid: --name: is not valid UTF-8 text (byte 3)' <<<'$out'"
out=$(echo $'pass\xffword-1' | "$BIN" user add zhou --name 周 --role leader --db og.db 2>&1); rc=$?
check "a password that is not UTF-8 is refused" bash -c "[ $rc -eq 1 ] && grep -q 'password: is not valid UTF-8 text' <<<'$out'"
check "there is no password flag" bash -c "! '$BIN' user add zhao --name 赵 --role leader --password x --db og.db </dev/null >/dev/null 2>&1"
check "user passwd reads stdin" \
  bash -c "echo 'li-password-2' | '$BIN' user passwd li --db og.db | grep -q 'password of li changed'"

# seed demo
"$BIN" seed demo --db og.db --demo-password demo-pass-1 >seed1.txt
check "seed demo creates admin and one user per role" \
  bash -c "for u in admin grid_worker intake_operator shift_lead dispatcher unit_staff leader; do grep -q \"  \$u \" seed1.txt || exit 1; done"
check "seed demo prints the password" grep -q 'Password of the new accounts: demo-pass-1' seed1.txt
"$BIN" seed demo --db og.db >seed2.txt
check "seeding again creates nothing" bash -c "! grep -q '(new)' seed2.txt && grep -q 'keep their password' seed2.txt"
check "seed demo draws the district" grep -qE '12 streets, [0-9]+ communities, [0-9]+ unit grids' seed1.txt
check "seeding again leaves the map as it is" bash -c "! grep -q 'unit grids' seed2.txt"
cat >redraw.geojson <<'JSON'
{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"410104","name":"管城回族区"},"geometry":{"type":"Polygon","coordinates":[[[113.0,34.0],[114.5,34.0],[114.5,35.5],[113.0,35.5],[113.0,34.0]]]}}]}
JSON
check "a good import reports what it did" \
  bash -c "'$BIN' import areas redraw.geojson --level district --db og.db 2>/dev/null | grep -q 'imported 1 district areas: 0 new, 1 redrawn, 0 unchanged'"

# import areas: all or nothing, every fault listed, then a good import
cat >streets_bad.geojson <<'JSON'
{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"gb":"410104901000","nm":"甲街道"},"geometry":{"type":"Polygon","coordinates":[[[113.70,34.70],[113.71,34.70],[113.71,34.71],[113.70,34.71],[113.70,34.70]]]}},
 {"type":"Feature","properties":{"gb":"410104902000","nm":"乙街道"},"geometry":{"type":"Polygon","coordinates":[[[113.70,34.70],[113.71,34.71],[113.71,34.70],[113.70,34.71],[113.70,34.70]]]}},
 {"type":"Feature","properties":{"gb":"410104903000","nm":"丙街道"},"geometry":{"type":"Polygon","coordinates":[[[113.70,34.70],[113.71,34.70],[113.71,34.71]]]}}]}
JSON
out=$("$BIN" import areas streets_bad.geojson --level street --code-prop gb --name-prop nm --db og.db 2>&1); rc=$?
check "a bad import fails" test $rc -eq 1
check "a bad import lists every bad feature" \
  bash -c "grep -q 'feature 2 (410104902000): self-intersection' <<<'$out' && grep -q 'feature 3 (410104903000): outer ring has 3 positions' <<<'$out' && grep -q '2 problems; nothing was imported' <<<'$out'"
out=$("$BIN" import areas streets_bad.geojson --level province --db og.db 2>&1); rc=$?
check "an unknown level is refused" bash -c "[ $rc -eq 1 ] && grep -q -- '--level' <<<'$out'"

# settings precedence: defaults < TOML < environment < flags
cat >og.toml <<TOML
[database]
path = "og.db"
[server]
listen = "127.0.0.1:1"
[log]
level = "warn"
TOML
ONEGRID_LISTEN=127.0.0.1:0 start_server env --config og.toml serve
check "the environment overrides the file" test -n "$URL"
check "the file's log level applies" bash -c "! grep -q ' info ' env.err"
kill -TERM $SERVER_PID; wait $SERVER_PID
ONEGRID_LISTEN=127.0.0.1:2 start_server flag --config og.toml serve --listen 127.0.0.1:0 --log-level info
check "a flag overrides the environment" test -n "$URL"

# the running server
check "healthz answers" bash -c "curl -sf '$URL/healthz' | grep -q '\"status\":\"ok\"'"
token=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"demo-pass-1"}' \
  "$URL/api/v1/session" | sed -E 's/.*"token":"([^"]+)".*/\1/')
check "the demo admin signs in" test ${#token} -eq 43
check "me answers with the token" bash -c "curl -sf -H 'Authorization: Bearer $token' '$URL/api/v1/me' | grep -q '\"username\":\"admin\"'"
check "me refuses without a token" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' '$URL/api/v1/me') = 401 ]"
check "li's new password works" bash -c "curl -sf -H 'Content-Type: application/json' -d '{\"username\":\"li\",\"password\":\"li-password-2\"}' '$URL/api/v1/session' >/dev/null"
kill -TERM $SERVER_PID; wait $SERVER_PID; rc=$?
check "SIGTERM stops it with exit 0" test $rc -eq 0
check "the log says it stopped cleanly" grep -q 'stopped cleanly' flag.err
check "a flag overrides the file's log level" grep -q ' info ' flag.err
check "every log line of a request carries its id" bash -c "grep 'request ' flag.err | grep -qE 'request [0-9a-f]{16} GET /healthz 200'"

# demo on an empty database seeds and serves; the random password is printed once
start_server demo demo --db fresh.db --listen 127.0.0.1:0
pw=$(grep -o 'Password of the new accounts: .*' demo.out | cut -d' ' -f6)
check "demo prints a random password" test ${#pw} -eq 16
check "the printed password signs in" bash -c "curl -sf -H 'Content-Type: application/json' -d '{\"username\":\"leader\",\"password\":\"$pw\"}' '$URL/api/v1/session' >/dev/null"
kill -INT $SERVER_PID; wait $SERVER_PID; rc=$?
check "SIGINT stops it with exit 0" test $rc -eq 0

# the web console: a directory without a build is refused by setting before anything listens
out=$("$BIN" serve --db fresh.db --web "$PWD/no-console" --listen 127.0.0.1:0 2>&1); rc=$?
check "serve refuses a --web directory without index.html, naming web.path" \
  bash -c "[ $rc -eq 1 ] && grep -q 'web.path: no web console at $PWD/no-console' <<<'$out'"

# rebuild and verify the case log
cat >case.json <<'JSON'
{"kind":"event","category_code":"06010","description":"暴露垃圾","location":{"lon":113.70666,"lat":34.72332},"source":"hotline"}
JSON
start_server cases serve --db fresh.db --listen 127.0.0.1:0
tok=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"intake_operator\",\"password\":\"$pw\"}" "$URL/api/v1/session" | sed -E 's/.*"token":"([^"]+)".*/\1/')
check "a case is reported" bash -c "curl -sf -H 'Content-Type: application/json' -H 'Authorization: Bearer $tok' -d @case.json '$URL/api/v1/cases' | grep -q '\"number\":\"410104-'"
kill -TERM $SERVER_PID; wait $SERVER_PID
check "verify finds an intact log" bash -c "'$BIN' verify --db fresh.db 2>/dev/null | grep -q 'every case log is intact'"
check "rebuild rewrites nothing on a healthy database" \
  bash -c "'$BIN' rebuild cases --db fresh.db 2>/dev/null | grep -qE 'rebuilt [0-9]{4,} cases from [0-9]{5,} events; 0 rows differed'"
check "the demo has a past: 90 days of cases through the loop" \
  bash -c "grep -qE 'Demo history: [0-9]{4,} cases over the last 90 days' demo.out && [ \$(sqlite3 fresh.db \"SELECT COUNT(*) FROM cases WHERE state = 'closed'\") -gt 1000 ]"
month=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)
check "a monthly report is written as xlsx with a progress bar" \
  bash -c "'$BIN' report monthly --month $month --out month.xlsx --db fresh.db 2>report.err | grep -qE 'wrote month.xlsx: monthly report $month of 管城回族区, [0-9]+ cases' && grep -q 'reading case logs' report.err"
check "the xlsx reads back with its Chinese headers and figures" /usr/bin/python3 -c "
import openpyxl, sys
wb = openpyxl.load_workbook('month.xlsx')
assert wb.sheetnames == ['概况', '来源', '类别', '状态', '热点网格', '超期清单'], wb.sheetnames
rows = {r[0]: r for r in wb['概况'].iter_rows(values_only=True)}
assert rows['周期'][1] == '$month', rows['周期']
assert rows['上报案件数'][1] > 500, rows['上报案件数']
assert rows['处置率'][3] <= rows['处置率'][5] and rows['处置率'][4] == '应处置数', rows['处置率']
assert 0 < rows['按期处置率'][1] <= 1
assert list(wb['超期清单'].iter_rows(values_only=True))[0][0] == '案卷编号'
"
out=$("$BIN" report monthly --month 2026-13 --out bad.xlsx --db fresh.db 2>&1); rc=$?
check "a bad month is refused by name and writes nothing" bash -c "[ $rc -eq 1 ] && grep -q -- '--month' <<<'$out' && [ ! -e bad.xlsx ]"
out=$("$BIN" report daily --date 2026-W47 --out bad.xlsx --db fresh.db 2>&1); rc=$?
check "a week given to the daily report is refused by name and writes nothing" bash -c "[ $rc -eq 1 ] && grep -q -- '--date' <<<'$out' && [ ! -e bad.xlsx ]"
out=$("$BIN" report weekly --week 2026-W47 --scope unit:NOPE --out bad.xlsx --db fresh.db 2>&1); rc=$?
check "an unknown unit is refused by name and writes nothing" bash -c "[ $rc -eq 1 ] && grep -q 'scope' <<<'$out' && [ ! -e bad.xlsx ]"
check "verify checks the rollups too" bash -c "'$BIN' verify --db fresh.db 2>/dev/null | grep -q 'the rollups agree with them'"
sqlite3 fresh.db "UPDATE case_tally SET n = n + 1 WHERE rowid IN (SELECT rowid FROM case_tally LIMIT 1)" 2>/dev/null || sqlite3 fresh.db "UPDATE case_tally SET n = n + 1 WHERE state = 'closed'"
out=$("$BIN" verify --db fresh.db 2>/dev/null); rc=$?
check "verify reports drifted rollups and exits 1" bash -c "[ $rc -eq 1 ] && grep -q 'rollups: [0-9]* rows differ' <<<'$out'"
check "rebuild rollups mends them" bash -c "'$BIN' rebuild rollups --db fresh.db 2>/dev/null | grep -qE '[1-9][0-9]* rows differed' && '$BIN' verify --db fresh.db >/dev/null 2>&1"
sqlite3 fresh.db "UPDATE case_events SET note = 'tampered' WHERE case_id = 1"
out=$("$BIN" verify --db fresh.db 2>/dev/null); rc=$?
check "verify reports an altered event and exits 1" bash -c "[ $rc -eq 1 ] && grep -q 'case 1, event 1: altered' <<<'$out'"
sqlite3 fresh.db "DELETE FROM case_feed WHERE id = (SELECT MAX(id) FROM case_feed)"
out=$("$BIN" verify --db fresh.db 2>/dev/null); rc=$?
check "verify reports an event the feed lost and exits 1" \
  bash -c "[ $rc -eq 1 ] && grep -qx 'feed: 1 events have no feed number' <<<'$out' && grep -q 'feed: the counter stands at' <<<'$out'"

# the working calendar: a new year is loaded, a bad file names its fault and loads nothing
echo '{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}' >2027.json
echo '{"year":2027,"days":[{"date":"2027-13-01","isOffDay":true}]}' >bad2027.json
out=$("$BIN" calendar import bad2027.json --db cal.db 2>&1); rc=$?
check "a bad holiday file names the field and loads nothing" \
  bash -c "[ $rc -eq 1 ] && grep -q 'days\[0\].date' <<<'$out' && [ \$(sqlite3 cal.db 'SELECT COUNT(*) FROM calendar_files') -eq 0 ]"
check "a year's holidays are imported" bash -c "'$BIN' calendar import 2027.json --db cal.db 2>/dev/null | grep -q 'imported the year 2027: 1 days'"
start_server cal serve --db cal.db --listen 127.0.0.1:0
"$BIN" user add calv --name 日历 --role grid_worker:410104 --db cal.db >/dev/null 2>&1 <<<'calendar-pass-1' || true
ctok=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"calv","password":"calendar-pass-1"}' "$URL/api/v1/session" | sed -E 's/.*"token":"([^"]+)".*/\1/')
check "the server counts New Year's Day 2027 as a holiday" bash -c "curl -sf -H 'Authorization: Bearer $ctok' '$URL/api/v1/calendar/add?from=2026-12-31T16:00:00%2B08:00&hours=4' | grep -q '\"at\":\"2027-01-04T10:00:00+08:00\",\"calendar_unknown\":false'"
kill -TERM $SERVER_PID; wait $SERVER_PID

# bad settings are reported, not ignored
out=$(ONEGRID_WORKERS=lots "$BIN" migrate --db x.db 2>&1); rc=$?
check "a bad environment value names the variable" bash -c "[ $rc -eq 1 ] && grep -q 'ONEGRID_WORKERS' <<<'$out'"
out=$("$BIN" serve --db x.db --listen nowhere 2>&1); rc=$?
check "a bad listen address is refused" bash -c "[ $rc -eq 1 ] && grep -q 'server.listen' <<<'$out'"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
