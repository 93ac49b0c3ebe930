#!/usr/bin/env bash
# Lints and builds every .bicep file under infra/ with the Bicep CLI restored from NuGet
# (Azure.Bicep.CommandLine.linux-x64, version from Directory.Packages.props). Fails on any
# diagnostic of any level: `bicep lint` itself exits 0 on warnings.
# Same check as the BicepLint_EveryFile_NoDiagnostics test in tests/Pipeline.Infra.Tests.
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$infra")"

# Restoring the test project brings the Bicep package into the NuGet cache.
dotnet restore "$root/tests/Pipeline.Infra.Tests/Pipeline.Infra.Tests.csproj" --verbosity quiet >/dev/null
version=$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[ -x "$bicep" ] || chmod +x "$bicep"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

cd "$infra"
# One bicep process per command for every file: --pattern takes every .bicep file under infra/.
lint=$("$bicep" lint --pattern '**/*.bicep' 2>&1) && lint_status=0 || lint_status=$?
build=$("$bicep" build --pattern '**/*.bicep' --outdir "$out" 2>&1) && build_status=0 || build_status=$?

failed=0
if [ "$lint_status" -ne 0 ] || [ -n "$lint" ]; then
  echo "bicep lint (exit $lint_status):"
  echo "$lint"
  failed=1
fi
if [ "$build_status" -ne 0 ] || [ -n "$build" ]; then
  echo "bicep build (exit $build_status):"
  echo "$build"
  failed=1
fi
files=$(find . -name '*.bicep' | wc -l)
built=$(find "$out" -name '*.json' | wc -l)
if [ "$files" -ne "$built" ]; then
  echo "bicep build wrote $built templates for $files .bicep files."
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "FAILED: bicep reported diagnostics." >&2
  exit 1
fi
echo "OK: all $files .bicep files under infra/ lint and build with no diagnostic."
