#!/usr/bin/env bash
# Runs every test of the solution:
#   - starts Azurite (installed by local/azurite.sh from local/package-lock.json) unless one is already listening,
#   - installs Debian's chromium if missing (the operations page is tested in a real browser),
#   - builds the solution in Release (warnings are errors),
#   - runs every test project with TRX logs into tests/out/,
#   - prints the totals read from those TRX files as the last line: "N passed, N failed, N skipped".
# Exit code 0 only when the build succeeded, every test project ran and nothing failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/tests/out"
configuration="${CONFIGURATION:-Release}"

started_azurite=0
if ! local/azurite.sh status; then
  # A private data folder: a test run never sees, or leaves behind, a developer's local data.
  export AZURITE_LOCATION="$(mktemp -d)"
  local/azurite.sh start || { echo "tests: could not start Azurite" >&2; exit 1; }
  started_azurite=1
fi
cleanup() {
  if [ "$started_azurite" = 1 ]; then
    local/azurite.sh stop
    rm -rf "$AZURITE_LOCATION"
    started_azurite=0
  fi
}
trap cleanup EXIT

# The operations page is tested in Debian's headless Chromium, driven by Playwright's driver only: Playwright must
# never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -x /usr/bin/chromium ]; then
  echo "tests: installing Debian's chromium for the operations page test" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >&2 \
    || echo "tests: could not install chromium; the browser test will fail" >&2
fi

rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Pipeline.sln -c "$configuration" --nologo -v minimal -clp:ErrorsOnly; then
  echo "tests: the build failed; no tests ran" >&2
  exit 1
fi

# One TRX file per test project, named after it: nothing can overwrite another project's results.
test_exit=0
projects=()
while IFS= read -r project; do projects+=("$project"); done < <(find tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | sort)
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || test_exit=1
done

shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -ne ${#projects[@]} ]; then
  echo "tests: ${#projects[@]} test projects but ${#trx_files[@]} result files" >&2
  exit 1
fi
if [ ${#trx_files[@]} -eq 0 ]; then
  echo "tests: no test results were written" >&2
  exit 1
fi

# Sum the <Counters> of every TRX file (one per test project).
read -r total executed passed failed < <(
  for f in "${trx_files[@]}"; do
    grep -o '<Counters [^>]*>' "$f" | head -n 1
  done | awk '
    function attr(name,   m) { if (match($0, name "=\"[0-9]+\"")) { m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0 } return 0 }
    { t += attr("total"); e += attr("executed"); p += attr("passed"); f += attr("failed") + attr("error") + attr("timeout") + attr("aborted") }
    END { print t, e, p, f }')
skipped=$((total - executed))

# Stop our Azurite now, so the totals below are the last line printed.
cleanup
echo "Test projects: ${#trx_files[@]}; results in ${results#"$root"/}"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$test_exit" -ne 0 ] || [ "$failed" -ne 0 ]; then
  exit 1
fi
