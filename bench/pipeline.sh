#!/usr/bin/env bash
# The pipeline against rclone, measured in the same run on the same Azurite, and its storage requests per document.
#   bench/pipeline.sh [--docs N] [--runs R] [--big-mib M] [--reconcile-docs N]
# Defaults: 2,000 documents of 256 KiB, 3 runs (medians), one 2047 MiB document for peak RSS, reconciliation of the
# same 2,000 (--reconcile-docs 100000 for the large size; it takes far longer). Installs rclone from Debian if
# missing. Starts its own Azurite on ports 10100-10102 (BENCH_AZURITE_PORT_BASE) with its own --location, never the
# shared one on 10000-10002, and stops it at the end. Prints a markdown table; ratios are pipeline/peer time (≥ 1 is
# the pipeline faster), so they hold on a loaded machine as long as both sides share the load.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
docs=2000 runs=3 big_mib=2047 reconcile_docs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --big-mib) big_mib="$2"; shift 2 ;;
    --reconcile-docs) reconcile_docs="$2"; shift 2 ;;
    *) echo "usage: $0 [--docs N] [--runs R] [--big-mib M] [--reconcile-docs N]" >&2; exit 2 ;;
  esac
done
reconcile_docs="${reconcile_docs:-$docs}"

if ! command -v rclone >/dev/null 2>&1; then
  echo "bench: installing rclone from Debian" >&2
  apt-get update -qq >&2 && apt-get install -y -qq rclone >&2
fi

base="${BENCH_AZURITE_PORT_BASE:-10100}"
export AZURITE_BLOB_PORT=$base AZURITE_QUEUE_PORT=$((base + 1)) AZURITE_TABLE_PORT=$((base + 2))
work="$(mktemp -d /tmp/pipeline-bench.XXXXXX)"
export AZURITE_LOCATION="$work/azurite"
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
export PIPELINE_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"
# rclone's azureblob backend, pointed at this Azurite through its endpoint option (use_emulator would mean 10000).
export RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_ACCOUNT=devstoreaccount1 RCLONE_CONFIG_AZ_KEY="$key"
export RCLONE_CONFIG_AZ_ENDPOINT="http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1"
pipeline="$root/local/pipeline"
cleanup() { "$root/local/azurite.sh" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

fresh_azurite() {
  "$root/local/azurite.sh" stop >/dev/null 2>&1 || true
  rm -rf "$AZURITE_LOCATION"
  "$root/local/azurite.sh" start >/dev/null 2>&1
  "$pipeline" up >/dev/null
}

seconds() { local start=$EPOCHREALTIME; "$@" >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; return 1; }; echo "$EPOCHREALTIME - $start" | bc; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ratio() { echo "scale=2; $2 / $1" | bc; }

echo "bench: generating $docs x 256 KiB text files" >&2
mkdir -p "$work/files"
line="$(head -c 1023 /dev/zero | tr '\0' 'x')"
for i in $(seq -w 1 "$docs"); do
  { echo "document $i"; for _ in $(seq 1 255); do echo "$line"; done; } | head -c 262144 > "$work/files/doc-$i.txt"
done
"$pipeline" --help >/dev/null 2>&1 || true   # builds the CLI once, outside the timings

up=() run=() rc=() rcs=() rec=() rech=() rcc=() rccd=()
for r in $(seq 1 "$runs"); do
  echo "bench: run $r of $runs (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  fresh_azurite
  up+=("$(seconds "$pipeline" upload --case "bench-$r" "$work"/files/*.txt)")
  run+=("$(seconds "$pipeline" run --once)")
  rc+=("$(seconds rclone copy --transfers 8 "$work/files" az:rclone-dst)")
  rcs+=("$(seconds rclone copy --transfers 8 az:rclone-dst az:rclone-copy)")
  rec+=("$(seconds "$pipeline" reconcile --new)")
  rech+=("$(seconds "$pipeline" reconcile --new --rehash)")
  rcc+=("$(seconds rclone check "$work/files" az:rclone-dst)")
  rccd+=("$(seconds rclone check --download "$work/files" az:rclone-dst)")
done
m() { printf '%s\n' "$@" | median; }
t_up=$(m "${up[@]}") t_run=$(m "${run[@]}") t_rc=$(m "${rc[@]}") t_rcs=$(m "${rcs[@]}")
t_rec=$(m "${rec[@]}") t_rech=$(m "${rech[@]}") t_rcc=$(m "${rcc[@]}") t_rccd=$(m "${rccd[@]}")
t_all=$(echo "$t_up + $t_run" | bc)

echo "bench: requests per document" >&2
fresh_azurite
dotnet build "$root/bench/Pipeline.Bench/Pipeline.Bench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
requests="$(dotnet "$root/bench/Pipeline.Bench/bin/Release/net10.0/Pipeline.Bench.dll" requests "$PIPELINE_STORAGE" "$((docs < 500 ? docs : 500))")"
field() { echo "$requests" | grep '^requests' | tr '\t' '\n' | grep "^$1=" | cut -d= -f2; }

rss=""
if [ "$big_mib" -gt 0 ]; then
  echo "bench: peak RSS ingesting one $big_mib MiB document" >&2
  fresh_azurite
  yes "$line" | head -c "$((big_mib * 1024 * 1024))" > "$work/big.txt"
  "$pipeline" upload --case bench-big "$work/big.txt" >/dev/null
  rm -f "$work/big.txt"
  /usr/bin/time -f '%M' -o "$work/rss" "$pipeline" run --once >/dev/null 2>"$work/last.err" || { cat "$work/last.err" >&2; exit 1; }
  rss="$(( $(tail -1 "$work/rss") / 1024 ))"
fi

cat <<TABLE

| work ($docs × 256 KiB, median of $runs) | pipeline | rclone $(rclone version | head -1 | cut -d' ' -f2) | ratio (peer time / pipeline time) | target |
|---|---|---|---|---|
| upload + ingest + first check vs \`rclone copy dir az:\` | ${t_all} s (upload ${t_up} s, run --once ${t_run} s) | ${t_rc} s | $(ratio "$t_all" "$t_rc")× | ≥ 0.7× |
| ingest + first check (\`run --once\`) vs server-side \`rclone copy az: az:\` | ${t_run} s | ${t_rcs} s | $(ratio "$t_run" "$t_rcs")× | ≥ 0.5× |
| \`reconcile\` vs \`rclone check dir az:\` | ${t_rec} s | ${t_rcc} s | $(ratio "$t_rec" "$t_rcc")× | faster |
| \`reconcile --rehash\` vs \`rclone check --download\` | ${t_rech} s | ${t_rccd} s | $(ratio "$t_rech" "$t_rccd")× | ≥ 0.8× |
| storage requests per accepted document (ingest + first check) | $(field accepted) (ingest $(field ingest), check $(field check)) | — | — | ≤ 8 |
| storage requests per rejected upload | $(field rejected) | — | — | — |
| peak RSS, \`run --once\` ingesting and checking one ${big_mib} MiB document | ${rss:-not run} MiB | — | — | ≤ 256 MB |

Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg) at the end; .NET $(dotnet --version), Azurite $(grep -m1 '"version"' "$root/local/node_modules/azurite/package.json" | tr -dc '0-9.'), node $(node --version).
TABLE
echo "$requests" | grep '^ops' | sed 's/^ops\t/requests per document, /' >&2
