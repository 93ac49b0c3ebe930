#!/usr/bin/env bash
# The pipeline against rclone, measured in the same run on the same Azurite, and its storage requests per document.
#   bench/pipeline.sh [--quick] [--docs N] [--runs R] [--big-mib M] [--reconcile-docs N] [--reconcile-cases C]
#                     [--shard-workers "1 2 4"] [--profile-azurite] [--azurite-in-memory] [--compare SETTING=VALUE]
# Full (default): 2,000 documents of 256 KiB, 3 runs (medians), one 2047 MiB document for peak RSS, reconciliation of
# 100,000 seeded documents in 1,000 cases (peak RSS also at a tenth of that), single-process and sharded over 1, 2 and 4
# workers (--shard-workers: which worker counts; "" skips the sharded runs). --docs 0 skips the ingest rows, e.g. to run
# only the reconciliation at 100,000 documents, which takes most of an hour with every step. --quick: 200 documents,
# 3 runs, 256 MiB, reconciliation of 2,000 in 50 cases: minutes, for a loaded machine.
# Under the table, per step: how busy Azurite (one node process, so at most one core) was, and the measured command's
# own CPU (bench/measure.sh). --profile-azurite: also profile Azurite in each step's first run and sum its samples by
# request kind (bench/azurite-profile.js). Installs rclone from Debian if missing.
# --compare SETTING=VALUE: also runs `reconcile` (at both sizes) with one configuration setting changed, e.g.
# Pipeline:Reconciliation:ListingPageSize=5000, to measure a default against an alternative in the same run.
# --azurite-in-memory: Azurite keeps its data in memory (--inMemoryPersistence). On disk (the default, as
# `local/azurite.sh` runs it) it rewrites each whole database file (JSON) every 5 s while anything changed, so seeding
# 100,000 documents grows faster than linearly; in memory seeding stays linear, but `rclone check` measured 1.6x the
# Azurite CPU (10,000 documents), which would flatter the ratios, so it is not the default.
# Starts its own Azurite on 127.0.0.1 ports BENCH_AZURITE_PORT_BASE..+2 (default 10000-10002) with its own --location,
# refuses if any is taken, and stops it at the end. rclone reaches it through an account SAS URL (path-style), so any
# port works. Prints a markdown table; ratios are peer time / pipeline time (≥ 1: the pipeline is faster), measured in
# the same run, so they hold on a loaded machine as long as both sides share the load.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$EPOCHREALTIME
docs=2000 runs=3 big_mib=2047 reconcile_docs=100000 reconcile_cases=1000 seed_bytes=4096 mode=full profile="" in_memory="" shard_workers="1 2 4" compare=""
usage() { echo "usage: $0 [--quick] [--docs N (0: skip)] [--runs R] [--big-mib M (0: skip)] [--reconcile-docs N (0: skip)] [--reconcile-cases C] [--shard-workers \"1 2 4\" (\"\": skip)] [--profile-azurite] [--azurite-in-memory] [--compare SETTING=VALUE]" >&2; exit 2; }
for arg in "$@"; do [ "$arg" = --quick ] && { docs=200 big_mib=256 reconcile_docs=2000 reconcile_cases=50 mode=quick; }; done
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) shift ;;
    --profile-azurite) profile=yes; shift ;;
    --azurite-in-memory) in_memory=1; shift ;;
    --shard-workers) [[ "${2-x}" =~ ^[0-9\ ]*$ ]] || usage; shard_workers="$2"; shift 2 ;;
    --compare) [[ "${2:-}" =~ ^Pipeline(:[A-Za-z]+)+=[^[:space:]]+$ ]] || usage; compare="$2"; shift 2 ;;
    --docs|--runs|--big-mib|--reconcile-docs|--reconcile-cases)
      [[ "${2:-}" =~ ^[0-9]+$ ]] || usage
      case "$1" in
        --docs) docs="$2" ;; --runs) runs="$2" ;; --big-mib) big_mib="$2" ;;
        --reconcile-docs) reconcile_docs="$2" ;; --reconcile-cases) reconcile_cases="$2" ;;
      esac
      shift 2 ;;
    *) usage ;;
  esac
done
[ "$runs" -ge 1 ] || usage
# The setting as an environment variable the CLI reads (':' becomes '__'), and as the table names it.
compare_env="" compare_label=""
if [ -n "$compare" ]; then compare_env="$(echo "${compare%%=*}" | sed 's/:/__/g')=${compare#*=}" compare_label="\`${compare##*:}\`"; fi

for tool in bc openssl od; do command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }; done
if ! command -v rclone >/dev/null 2>&1; then
  echo "bench: installing rclone from Debian" >&2
  apt-get update -qq >&2 && apt-get install -y -qq rclone >&2
fi

base="${BENCH_AZURITE_PORT_BASE:-10000}"
export AZURITE_BLOB_PORT=$base AZURITE_QUEUE_PORT=$((base + 1)) AZURITE_TABLE_PORT=$((base + 2))
inspector_port=$((base + 3))   # only with --profile-azurite
export AZURITE_IN_MEMORY="$in_memory"
# In memory, Azurite's heap holds every blob's metadata and every table entity, so it may use half the RAM (node's
# default limit is about 4 GiB); each step's line shows its peak RSS (under 4 GiB at 100,000 documents).
heap_mib="$(awk '/^MemTotal:/ {print int($2 / 2048)}' /proc/meminfo)"
export AZURITE_NODE_ARGS="${profile:+--inspect=127.0.0.1:$inspector_port }${in_memory:+--max-old-space-size=$heap_mib}"
for port in $AZURITE_BLOB_PORT $AZURITE_QUEUE_PORT $AZURITE_TABLE_PORT ${profile:+$inspector_port}; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port $port is in use; the bench starts its own Azurite on $base-$((base + 2)) and never measures a shared one. Free the ports or set BENCH_AZURITE_PORT_BASE." >&2
    exit 1
  fi
done
work="$(mktemp -d /tmp/pipeline-bench.XXXXXX)"
export AZURITE_LOCATION="$work/azurite"
export PIPELINE_STORAGE="$("$root/local/azurite.sh" connection)"
# The CLI is built once, below, and then run directly: a source edit during the run must not rebuild it mid-timing.
pipeline=(dotnet "$root/local/out/pipeline.dll")
bench_dll="$root/bench/Pipeline.Bench/bin/Release/net10.0/Pipeline.Bench.dll"
cleanup() { [ -z "${recorder:-}" ] || kill "$recorder" 2>/dev/null || true; "$root/local/azurite.sh" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

# rclone 1.60's azureblob `endpoint` is a domain suffix (it would build https://devstoreaccount1.http://...) and
# use_emulator is fixed to port 10000; an account SAS URL in path style (http://127.0.0.1:PORT/account?sig) works anywhere.
account=devstoreaccount1
key="$(echo "$PIPELINE_STORAGE" | sed -n 's/.*AccountKey=\([^;]*\);.*/\1/p')"
sas_query() {
  local sv=2019-12-12 sp=rwdlacup se=2099-01-01T00:00:00Z sig hexkey
  hexkey="$(printf '%s' "$key" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
  sig="$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n' "$account" "$sp" b sco "" "$se" "" http "$sv" \
    | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | base64 -w0 | sed 's/+/%2B/g; s,/,%2F,g; s/=/%3D/g')"
  echo "sv=$sv&ss=b&srt=sco&sp=$sp&se=$se&spr=http&sig=$sig"
}
export RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_SAS_URL="http://127.0.0.1:$AZURITE_BLOB_PORT/$account?$(sas_query)"
export RCLONE_CONFIG=/dev/null   # no user config: the remote is exactly the one above

fresh_azurite() {
  "$root/local/azurite.sh" stop >/dev/null 2>&1 || true
  rm -rf "$AZURITE_LOCATION"
  "$root/local/azurite.sh" start >/dev/null 2>&1
  "${pipeline[@]}" up >/dev/null
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ratio() { echo "scale=2; $2 / $1" | bc | sed 's/^\./0./'; }
fmt() { printf '%.1f' "$1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
loads=()
# shellcheck source=bench/measure.sh
. "$root/bench/measure.sh"
profiling="$profile"   # measure.sh's switch; it also reads $inspector_port
t() { step_median "$1" 1; }   # a step's median wall time
mib() { echo $(( $1 / 1024 )); }

echo "bench: building the CLI and the bench runner (outside the timings)" >&2
"$root/local/pipeline" --help >/dev/null 2>&1 || true
dotnet build "$root/bench/Pipeline.Bench/Pipeline.Bench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >&2

ingest_rows="" request_rows="" request_ops=""
if [ "$docs" -gt 0 ]; then
  echo "bench: generating $docs x 256 KiB text files" >&2
  mkdir -p "$work/files"
  # One stream of random text cut into files: unique, incompressible, valid UTF-8, seconds for 2,000.
  # (base64 gets SIGPIPE when the cut is reached; the file count below is the check.)
  (set +o pipefail; head -c $((docs * 200000)) /dev/urandom | base64 -w 1023 | head -c $((docs * 262144)) \
    | split -b 262144 -d -a 6 --additional-suffix=.txt - "$work/files/doc-")
  [ "$(find "$work/files" -name '*.txt' -size 256k | wc -l)" -eq "$docs" ] || { echo "bench: generating the files failed" >&2; exit 1; }

  # 1. upload + ingest + first check vs rclone copy (client to storage) and rclone server-side copy.
  for r in $(seq 1 "$runs"); do
    loads+=("$(load)"); echo "bench: run $r of $runs (load ${loads[-1]})" >&2
    fresh_azurite
    profiled upload "upload (\`local/pipeline upload\`)" "$r" "${pipeline[@]}" upload --case "bench-$r" "$work"/files/*.txt
    profiled run "ingest + first check (\`run --once\`)" "$r" "${pipeline[@]}" run --once
    profiled rclone-copy "\`rclone copy dir az:\`" "$r" rclone copy --transfers 8 "$work/files" az:rclone-dst
    profiled rclone-server-copy "server-side \`rclone copy az: az:\`" "$r" rclone copy --transfers 8 az:rclone-dst az:rclone-copy
  done
  t_up=$(t upload) t_run=$(t run) t_rc=$(t rclone-copy) t_rcs=$(t rclone-server-copy)
  t_all=$(echo "$t_up + $t_run" | bc)

  # 2. storage requests, counted by the pipeline's own request tally.
  echo "bench: requests per document" >&2
  fresh_azurite
  requests="$(dotnet "$bench_dll" requests "$PIPELINE_STORAGE" "$((docs < 500 ? docs : 500))")"
  echo "$requests" | sed 's/^/bench: /' >&2
  field() { echo "$requests" | grep '^requests' | tr '\t' '\n' | grep "^$1=" | cut -d= -f2; }
  ops() { echo "$requests" | awk -F'\t' -v l="$1" '$1 == "ops" && $2 == l {print $3}'; }
  ingest_rows="| upload + ingest + first check vs \`rclone copy dir az:\` | $(fmt "$t_all") s (upload $(fmt "$t_up") s, \`run --once\` $(fmt "$t_run") s) | $(fmt "$t_rc") s | $(ratio "$t_all" "$t_rc")× | ≥ 0.7× |
| ingest + first check (\`run --once\`) vs server-side \`rclone copy az: az:\` | $(fmt "$t_run") s | $(fmt "$t_rcs") s | $(ratio "$t_run" "$t_rcs")× | ≥ 0.5× |
| upload (\`local/pipeline upload\`) vs \`rclone copy dir az:\` | $(fmt "$t_up") s | $(fmt "$t_rc") s | $(ratio "$t_up" "$t_rc")× | — |"
  request_rows="| storage requests per accepted document (ingest + first check) | $(field accepted) (ingest $(field ingest), check $(field check)) | — | — | ≤ 8 |
| storage requests per rejected upload | $(field rejected) | — | — | — |
| storage requests per check message | $(field check) | — | — | — |"
  request_ops="Requests by operation, per document: ingest: $(ops ingest); check: $(ops check); rejected: $(ops rejected).
"
fi

# 3. reconciliation of seeded documents vs rclone check of the same blobs against their source folder, at a tenth of
#    the size (peak RSS only) and at the full size: single-process, and sharded over the check transport with 1, 2 and
#    4 in-process workers (each a fresh full run). Every run must find nothing, and check every seeded document.
reconcile_rows="" reconcile_rss="" per_shard="" small_docs=0
# The documents a reconcile run checked (its summary table's second column), and its shard count ("Shards: N of N").
checked_documents() { grep -m1 -E '^[│|] *[0-9]+ *[│|] *[0-9]+ ' "$work/last.out" | awk -F'│|[|]' '{gsub(/ /, "", $3); print $3}'; }
completed_shards() { sed -n 's/^Shards: \([0-9]*\) of \1 completed.* 0 failed.*/\1/p' "$work/last.out"; }
expect_documents() {
  [ "$(checked_documents)" = "$1" ] || { echo "bench: $2 checked $(checked_documents) documents, not $1:" >&2; cat "$work/last.out" >&2; exit 1; }
}
if [ "$reconcile_docs" -gt 0 ]; then
  fresh_azurite
  small_docs=$((reconcile_docs / 10)) small_cases=$(( reconcile_cases / 10 > 0 ? reconcile_cases / 10 : 1 ))
  # About 16 shards: 4 workers get several each, so the fan-out is measured rather than one straggler.
  per_shard=$(( reconcile_cases / 16 > 0 ? reconcile_cases / 16 : 1 ))
  echo "bench: seeding $small_docs documents in $small_cases cases" >&2
  measure seed-small dotnet "$bench_dll" seed "$PIPELINE_STORAGE" "$small_docs" "$small_cases" 0 "$work/seed" "$seed_bytes"
  sed 's/^/bench: /' "$work/last.out" >&2
  # A non-zero exit is a finding (3) or a failed shard (1): the seeded store is clean, so either fails the bench.
  measure reconcile-small "${pipeline[@]}" reconcile --new --show 0
  expect_documents "$small_docs" "reconcile"
  if [ -n "$compare" ]; then
    measure reconcile-small-alt env "$compare_env" "${pipeline[@]}" reconcile --new --show 0
    expect_documents "$small_docs" "reconcile ($compare_label)"
  fi
  echo "bench: seeding $((reconcile_docs - small_docs)) more documents in $((reconcile_cases - small_cases)) cases (load $(load))" >&2
  measure seed dotnet "$bench_dll" seed "$PIPELINE_STORAGE" "$((reconcile_docs - small_docs))" "$((reconcile_cases - small_cases))" "$small_cases" "$work/seed" "$seed_bytes"
  sed 's/^/bench: /' "$work/last.out" >&2
  shards=""
  for r in $(seq 1 "$runs"); do
    loads+=("$(load)"); echo "bench: reconciliation run $r of $runs (load ${loads[-1]})" >&2
    profiled reconcile "\`reconcile\`" "$r" "${pipeline[@]}" reconcile --new --show 0
    expect_documents "$reconcile_docs" "reconcile"
    if [ -n "$compare" ]; then
      profiled reconcile-alt "\`reconcile\` ($compare_label)" "$r" env "$compare_env" "${pipeline[@]}" reconcile --new --show 0
      expect_documents "$reconcile_docs" "reconcile ($compare_label)"
    fi
    profiled rehash "\`reconcile --rehash\`" "$r" "${pipeline[@]}" reconcile --new --rehash --show 0
    expect_documents "$reconcile_docs" "reconcile --rehash"
    for w in $shard_workers; do
      profiled "workers-$w" "\`reconcile --workers $w\`" "$r" "${pipeline[@]}" reconcile --new --workers "$w" --cases-per-shard "$per_shard" --show 0
      expect_documents "$reconcile_docs" "reconcile --workers $w"
      shards="$(completed_shards)"
      [ -n "$shards" ] || { echo "bench: reconcile --workers $w did not complete every shard:" >&2; cat "$work/last.out" >&2; exit 1; }
    done
    # --fast-list: rclone's best mode here. Without it rclone lists every directory (a case/document folder per
    # document), and each Azurite listing scans the whole container, so rclone's time would grow with the square of
    # the store and flatter the pipeline.
    profiled rclone-check "\`rclone check --fast-list\`" "$r" rclone check --fast-list --checkers 8 "$work/seed" az:evidence
    profiled rclone-check-download "\`rclone check --fast-list --download\`" "$r" rclone check --fast-list --checkers 8 --download "$work/seed" az:evidence
  done
  t_rec=$(t reconcile) t_rcc=$(t rclone-check) t_rccd=$(t rclone-check-download)
  size="$reconcile_docs × $seed_bytes B in $reconcile_cases cases"
  reconcile_rows="| \`reconcile\` vs \`rclone check --fast-list dir az:evidence\` ($size) | $(fmt "$t_rec") s | $(fmt "$t_rcc") s | $(ratio "$t_rec" "$t_rcc")× | faster (> 1×) |
| \`reconcile --rehash\` vs \`rclone check --fast-list --download\` ($size) | $(fmt "$(t rehash)") s | $(fmt "$t_rccd") s | $(ratio "$(t rehash)" "$t_rccd")× | ≥ 0.8× |"
  for w in $shard_workers; do
    reconcile_rows+="
| \`reconcile --workers $w\` ($shards shards of ~$per_shard cases) vs \`rclone check\` | $(fmt "$(t "workers-$w")") s ($(ratio "$(t "workers-$w")" "$t_rec")× the speed of one process) | $(fmt "$t_rcc") s | $(ratio "$(t "workers-$w")" "$t_rcc")× | faster (> 1×) |"
  done
  reconcile_rss="| peak RSS of \`reconcile\`: $small_docs docs in $small_cases cases → $reconcile_docs in $reconcile_cases | $(mib "$(step_max reconcile-small 4)") MiB → $(mib "$(step_max reconcile 4)") MiB | — | $(ratio "$(step_max reconcile-small 4)" "$(step_max reconcile 4)")× growth for 10× documents | flat |"
  if [ -n "$compare" ]; then
    reconcile_rows+="
| \`reconcile\` with $compare_label vs \`rclone check\` | $(fmt "$(t reconcile-alt)") s ($(ratio "$(t reconcile-alt)" "$t_rec")× the speed of the default) | $(fmt "$t_rcc") s | $(ratio "$(t reconcile-alt)" "$t_rcc")× | — |"
    reconcile_rss+="
| peak RSS of \`reconcile\` with $compare_label: $small_docs docs → $reconcile_docs | $(mib "$(step_max reconcile-small-alt 4)") MiB → $(mib "$(step_max reconcile-alt 4)") MiB | — | $(ratio "$(step_max reconcile-small-alt 4)" "$(step_max reconcile-alt 4)")× growth for 10× documents | — |"
  fi
fi

# 4. peak RSS ingesting (and checking) one large document.
rss=""
if [ "$big_mib" -gt 0 ]; then
  echo "bench: peak RSS ingesting one $big_mib MiB document (load $(load))" >&2
  fresh_azurite
  line="$(head -c 1023 /dev/zero | tr '\0' 'x')"
  (set +o pipefail; yes "$line" | head -c "$((big_mib * 1024 * 1024))" > "$work/big.txt")
  "${pipeline[@]}" upload --case bench-big "$work/big.txt" >/dev/null
  rm -f "$work/big.txt"
  measure big "${pipeline[@]}" run --once
  rss="$(mib "$(step_max big 4)") MiB ($(fmt "$(t big)") s)"
  echo "bench: peak RSS $rss" >&2
fi

loads+=("$(load)")
# sed, not head: head would close the pipe early, and pipefail would end the run before its table.
rclone_version="$(rclone version | sed -n '1s/^rclone //p')"
cat <<TABLE

| work ($( [ "$docs" -gt 0 ] && echo "$docs × 256 KiB; ")median of $runs runs) | pipeline | rclone $rclone_version | ratio (peer time / pipeline time) | target |
|---|---|---|---|---|
${ingest_rows:-| upload + ingest + first check | not run (--docs 0) | | | |}
${reconcile_rows:-| reconciliation | not run | | | |}
${request_rows:-| storage requests per document | not run (--docs 0) | | | |}
| peak RSS, \`run --once\` ingesting and checking one $( [ "$big_mib" -gt 0 ] && echo "${big_mib} MiB" || echo large) document | ${rss:-not run (--big-mib 0)} | — | — | ≤ 256 MB (244 MiB) |
${reconcile_rss:-| peak RSS of reconcile | not run | | | |}

Where each step's time went (medians; Azurite is one node process, so 100% is one core; the command's CPU includes its children):
$(share_line upload "upload (\`local/pipeline upload\`)" pipeline
  share_line run "ingest + first check (\`run --once\`)" pipeline
  share_line rclone-copy "\`rclone copy dir az:\`" rclone
  share_line rclone-server-copy "server-side \`rclone copy az: az:\`" rclone
  share_line reconcile "\`reconcile\`" pipeline
  if [ -n "$compare" ]; then share_line reconcile-alt "\`reconcile\` with $compare_label" pipeline; fi
  share_line rehash "\`reconcile --rehash\`" pipeline
  for w in $shard_workers; do share_line "workers-$w" "\`reconcile --workers $w --cases-per-shard $per_shard\`" pipeline; done
  share_line rclone-check "\`rclone check --fast-list\`" rclone
  share_line rclone-check-download "\`rclone check --fast-list --download\`" rclone
  share_line big "\`run --once\` of one $big_mib MiB document" pipeline
  share_line seed-small "seeding $small_docs documents (no peer)" "\`Pipeline.Bench seed\`"
  share_line seed "seeding $((reconcile_docs - small_docs)) more (no peer)" "\`Pipeline.Bench seed\`")
$( [ -s "$work/profiles/summary" ] && { echo; echo "Azurite's CPU profile by request kind (first run of each step; V8's sampling profiler through node's inspector):"; cat "$work/profiles/summary"; } )

${request_ops}Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"); .NET SDK $(dotnet --version), Azurite $(grep -m1 '"version"' "$root/local/node_modules/azurite/package.json" | tr -dc '0-9.'), node $(node --version), rclone $rclone_version. $(date -u '+%Y-%m-%d %H:%M UTC'), mode $mode, Azurite data $( [ -n "$in_memory" ] && echo "in memory" || echo "on disk")$( [ -n "$per_shard" ] && echo ", --cases-per-shard $per_shard for the sharded runs")$( [ -n "$profile" ] && echo ", Azurite profiled in each step's first run (those runs are slower)").
Load average (1/5/15 min) at each run's start and at the end: $(IFS=';'; echo "${loads[*]}" | sed 's/;/; /g'). Took $(printf '%.0f' "$(echo "$EPOCHREALTIME - $started" | bc)") s.
TABLE
