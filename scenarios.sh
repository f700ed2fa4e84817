#!/usr/bin/env bash
# Runs the scenario suites in test-scenarios/ against a rules folder and prints a short summary:
# what passed, what failed (expected against actual), and which rules or table rows no scenario fires.
#
#   bash scenarios.sh                      # the rules/ folder of this project
#   bash scenarios.sh ~/work/rules         # a working copy of the rules you are editing
#   bash scenarios.sh rules 'multichannel/third-party*'   # only some scenario files
set -uo pipefail
cd "$(dirname "$0")"
rules_dir=$(cd "${1:-rules}" && pwd) || { echo "No such rules folder: ${1:-rules}" >&2; exit 2; }
subset=${2:-}
args=(-q -B test -Dtest=ScenarioSuiteTest -Dsurefire.failIfNoSpecifiedTests=false
      -Dpolicydesk.rules.dir="$rules_dir" -Dsurefire.useFile=false -DtrimStackTrace=true)
[ -n "$subset" ] && args+=(-Dscenarios="$subset")
log=$(mktemp)
./mvnw "${args[@]}" >"$log" 2>&1
status=$?
# The suite prints its own summary between these markers; Maven's noise is left in the log.
sed -n '/^=== Scenario suites against/,/^Coverage report:/p' "$log"
if [ $status -ne 0 ] && ! grep -q '^=== Scenario suites against' "$log"; then
  echo "The suites could not run; the end of the build log:" >&2
  tail -40 "$log" >&2
fi
rm -f "$log"
exit $status
