# Sourced by bench/pipeline.sh: timing one step, and where its CPU went.
# Azurite is one node process, so it can use at most one core; a step whose Azurite CPU is close to its wall time is
# bound by the emulator, not by the client. Each step therefore records, over the same interval: wall time, the measured
# command's own CPU and peak RSS (/usr/bin/time, its child processes included) and the Azurite process's CPU
# (utime + stime from /proc/PID/stat, all its threads). Needs: $root, $work, $AZURITE_LOCATION, fmt.
#
# Also Azurite's own peak RSS over the step (its high-water mark is reset at the start through /proc/PID/clear_refs).
# A step's figures go to $work/steps/STEP, one line per run: "wall_s command_cpu_s azurite_cpu_s peak_rss_kib
# azurite_peak_rss_kib".

ticks_per_second="$(getconf CLK_TCK)"
mkdir -p "$work/steps"

# The bench Azurite's node process: the pid file local/azurite.sh writes (setsid execs node, so it is node's pid),
# checked against /proc, else the Azurite process listening on this bench's blob port.
azurite_pid() {
  local pid pattern="azurite.* --blobPort $AZURITE_BLOB_PORT "
  pid="$(cat "$AZURITE_LOCATION/azurite.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"; then
    echo "$pid"
  else
    pgrep -f -- "$pattern" | head -1
  fi
}

# CPU ticks (user + system) the bench Azurite has used since it started; fields 14 and 15 of /proc/PID/stat (the
# command name, field 2, holds no spaces for node).
azurite_ticks() {
  local pid
  pid="$(azurite_pid)"
  [ -n "$pid" ] || { echo "bench: the bench's Azurite is not running" >&2; return 1; }
  awk '{print $14 + $15}' "/proc/$pid/stat"
}

# Resets the bench Azurite's peak RSS (VmHWM) to its current RSS ("5" in clear_refs, Linux 4.0+); quiet where refused.
azurite_reset_peak() { echo 5 > "/proc/$(azurite_pid)/clear_refs" 2>/dev/null || true; }

# The bench Azurite's peak RSS in KiB since the last reset.
azurite_peak_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$(azurite_pid)/status"; }

# measure STEP COMMAND...: runs COMMAND once (stdout kept in $work/last.out for checks, stderr in $work/last.err; its
# failure is fatal) and appends its figures to $work/steps/STEP. Prints nothing on stdout.
measure() {
  local step="$1"; shift
  local before after start took user system rss own azurite azurite_rss
  azurite_reset_peak
  before="$(azurite_ticks)"
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >"$work/last.out" 2>"$work/last.err"; then
    echo "bench: $step failed:" >&2; tail -20 "$work/last.err" >&2
    [ -n "$(azurite_pid)" ] || { echo "bench: Azurite is no longer running; its log ends:" >&2; tail -20 "$AZURITE_LOCATION/azurite.log" >&2; }
    return 1
  fi
  took="$(echo "$EPOCHREALTIME - $start" | bc)"
  after="$(azurite_ticks)" azurite_rss="$(azurite_peak_kib)"
  read -r user system rss < <(tail -1 "$work/time")
  own="$(echo "$user + $system" | bc)" azurite="$(echo "scale=2; ($after - $before) / $ticks_per_second" | bc)"
  echo "$took $own $azurite $rss $azurite_rss" >> "$work/steps/$step"
  # Also on stderr as it is measured, so a run cut short still leaves what it measured.
  echo "bench: $step: $(fmt "$took") s, own CPU $(fmt "$own") s, Azurite CPU $(fmt "$azurite") s, Azurite peak RSS $((azurite_rss / 1024)) MiB" >&2
}

# step_median STEP COLUMN (1 wall, 2 command CPU, 3 Azurite CPU, 4 peak RSS KiB, 5 Azurite peak RSS KiB): the median over the runs.
step_median() { median $(awk -v c="$2" '{print $c}' "$work/steps/$1"); }
step_max() { awk -v c="$2" 'NR == 1 || $c > m {m = $c} END {print m}' "$work/steps/$1"; }

# share_line STEP LABEL WHO: "LABEL: Azurite busy X% of wall (Y s CPU, peak RSS R MiB), WHO process Z s CPU" from the
# medians (Azurite's peak: the highest of the runs).
share_line() {
  [ -s "$work/steps/$1" ] || return 0
  local wall azurite own azurite_rss
  wall="$(step_median "$1" 1)" own="$(step_median "$1" 2)" azurite="$(step_median "$1" 3)" azurite_rss="$(step_max "$1" 5)"
  echo "- $2: Azurite busy $(printf '%.0f' "$(echo "100 * $azurite / $wall" | bc -l)")% of wall ($(fmt "$azurite") s CPU of $(fmt "$wall") s, peak RSS $(( ${azurite_rss:-0} / 1024 )) MiB), $3 process $(fmt "$own") s CPU"
}

# --profile-azurite: the bench's Azurite runs with node's inspector on $inspector_port, and a recorder
# (bench/azurite-profile-record.js) samples its CPU for the length of the step; bench/azurite-profile.js then sums the
# samples by request kind. Profiling slows Azurite, so only the first run of each step is profiled.
profiling="" recorder=""   # $inspector_port: set by pipeline.sh
profile_begin() {
  [ -n "$profiling" ] || return 0
  mkdir -p "$work/profiles"
  node --no-warnings --experimental-websocket "$root/bench/azurite-profile-record.js" "$inspector_port" "$work/profiles/$1.cpuprofile" \
    2>>"$work/profiles/recorder.err" &
  recorder=$!
  for _ in $(seq 1 100); do [ -e "$work/profiles/$1.cpuprofile.started" ] && return 0; kill -0 "$recorder" 2>/dev/null || break; sleep 0.1; done
  echo "bench: the Azurite profiler did not start:" >&2; cat "$work/profiles/recorder.err" >&2; return 1
}
profile_end() {
  [ -n "$profiling" ] || return 0
  kill -TERM "$recorder" && wait "$recorder" || { echo "bench: the Azurite profiler failed:" >&2; cat "$work/profiles/recorder.err" >&2; return 1; }
  recorder=""
  echo "- $2: $(node "$root/bench/azurite-profile.js" "$work/profiles/$1.cpuprofile")" >> "$work/profiles/summary"
  echo "bench: profile of $1: $(tail -1 "$work/profiles/summary")" >&2
}

# profiled STEP LABEL RUN COMMAND...: measure, with the profile taken when profiling and RUN is 1.
profiled() {
  local step="$1" label="$2" run="$3"; shift 3
  if [ "$run" = 1 ]; then profile_begin "$step"; fi
  measure "$step" "$@"
  if [ "$run" = 1 ]; then profile_end "$step" "$label"; fi
}
