# Shared by bench/run and bench/intake (sourced): waiting for a server's URL, a wrk run's
# figures, a demo account's token. Needs WORK, SECONDS_EACH and CONNECTIONS set.
wait_for() {  # wait_for FILE REGEX: prints the first match once the file has it
  for _ in $(seq 1 100); do
    if m=$(grep -oE "$2" "$1" 2>/dev/null | head -1) && [ -n "$m" ]; then echo "$m"; return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for $2 in $1" >&2; cat "$1" >&2; return 1
}

# run_wrk NAME URL [wrk args...]: prints "REQ_PER_S P99_MS"
run_wrk() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" "$url" >"$WORK/$name.wrk"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/$name.wrk")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$WORK/$name.wrk")
  errors=$(grep -E 'Non-2xx|Socket errors' "$WORK/$name.wrk" || true)
  if [ -n "$errors" ]; then echo "$name: $errors" >&2; fi
  echo "$rps $p99"
}

curl_token() {  # curl_token URL USER
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"bench-pass-1\"}" \
    "$1/api/v1/session" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
