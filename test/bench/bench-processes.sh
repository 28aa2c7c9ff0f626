# Sourced by the benchmark scripts: stopping what they started and clearing their job queue.
# Needs REDIS_URL and QUEUE_PREFIX for clear_queue_keys.

# pid, label, seconds to wait after SIGTERM (15 by default), then SIGKILL.
stop_pid() {
  local p=$1 label=$2 wait_s=${3:-15}
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 1 $(( wait_s * 10 ))); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then
    echo "$label did not stop within $wait_s s of SIGTERM; killing it" >&2
    kill -KILL "$p" 2>/dev/null || true
  fi
  wait "$p" 2>/dev/null || true
}

# The run's BullMQ keys, so the next run starts from an empty queue.
clear_queue_keys() {
  command -v redis-cli >/dev/null || return 0
  redis-cli -u "$REDIS_URL" --scan --pattern "$QUEUE_PREFIX:*" 2>/dev/null |
    xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
}
