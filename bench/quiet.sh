# Sourced by jmh.sh and http.sh. QUIET_LOAD=1.5: before measuring, wait (QUIET_WAIT_S=600 at most) until the
# 1-minute load average is below it; on a machine shared with builds and tests the figures are otherwise mostly noise.
wait_for_quiet() {
    [[ -n "${QUIET_LOAD:-}" ]] || return 0
    local waited=0 limit=${QUIET_WAIT_S:-600}
    while awk -v max="$QUIET_LOAD" '{exit !($1 >= max)}' /proc/loadavg && (( waited < limit )); do
        (( waited % 30 == 0 )) && echo "[bench] load average $(cut -d' ' -f1 /proc/loadavg) >= $QUIET_LOAD: waiting" >&2
        sleep 5
        waited=$((waited + 5))
    done
}
