-- wrk script for test/bench/queues-scale.sh: GET the URL given on the command line (wrk builds
-- that request once) with "Authorization: Bearer TOKEN". done() appends one JSON line to
-- RESULT_FILE (KEY, LABEL, req/s, p50/p95/p99/max in ms, bytes, errors) and prints a WARN on
-- stderr when any request failed (socket errors, timeouts, or an HTTP status >= 400, which is
-- what wrk counts as a status error), so that an error storm never passes for throughput.
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  local socket = e.connect + e.read + e.write
  local failed = socket + e.timeout + e.status
  local label = os.getenv("LABEL") or "GET"
  local seconds = summary.duration / 1e6
  local f = io.open(os.getenv("RESULT_FILE") or "/dev/null", "a")
  f:write(string.format(
    '{"key":"%s","round":%d,"requests":%d,"seconds":%.3f,"rps":%.1f,'
      .. '"p50":%.3f,"p95":%.3f,"p99":%.3f,"max":%.3f,"bytes":%d,'
      .. '"errors":{"status":%d,"timeout":%d,"socket":%d}}\n',
    os.getenv("KEY") or "get", tonumber(os.getenv("ROUND") or "1"), summary.requests, seconds,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.bytes, e.status, e.timeout, socket))
  f:close()
  if failed > 0 then
    io.stderr:write(string.format("WARN %s: %d of %d requests failed (HTTP >= 400: %d, timeout %d, socket %d)\n",
      label, failed, summary.requests, e.status, e.timeout, socket))
  end
end
