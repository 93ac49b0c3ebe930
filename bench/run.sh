#!/usr/bin/env bash
# Runs the benchmarks in Release and prints ratios against peers measured in the same run.
#   bench/run.sh [sizes in MiB...]     e.g. bench/run.sh 16 64 256 1024
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/Pipeline.Bench/Pipeline.Bench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet "$root/bench/Pipeline.Bench/bin/Release/net10.0/Pipeline.Bench.dll" "$@"
