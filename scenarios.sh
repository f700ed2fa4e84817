#!/usr/bin/env bash
# Runs the scenario suites in test-scenarios/ against a rules folder and prints a short summary:
# what passed, what failed (expected against actual), and which rules or table rows no scenario fires.
#
#   bash scenarios.sh                      # the rules/ folder of this project
#   bash scenarios.sh ~/work/rules         # a working copy of the rules you are editing
#   bash scenarios.sh rules 'multichannel/third-party*'   # only some scenario files
#
# From the decision log, without a running service (the log is data/decisions.db unless --log names a copy):
#   bash scenarios.sh --from-log <decisionId> [--log FILE] [--id ID] [--description TEXT] [--suite NAME]
#       a logged decision as a scenario (printed; with --suite, added to test-scenarios/<pack>/<NAME>.yaml)
#   bash scenarios.sh --suggest [--log FILE] [--limit N]
#       logged decisions that cover what no scenario covers yet (code, policy, DMN row), as scenarios
set -uo pipefail
caller=$(pwd)
cd "$(dirname "$0")"
if [ "${1:-}" = "--from-log" ] || [ "${1:-}" = "--suggest" ]; then
  # Files named on the command line are the caller's: made absolute before the command runs from the project.
  args=()
  previous=
  for arg in "$@"; do
    case "$previous" in
      --log|--scenarios|--rules) [[ "$arg" = /* ]] || arg="$caller/$arg" ;;
    esac
    args+=("$arg")
    previous=$arg
  done
  set -- "${args[@]}"
  app=target/quarkus-app
  if [ ! -f "$app/app/policydesk-1.0.0-SNAPSHOT.jar" ]; then
    echo "Building the application (once)..." >&2
    ./mvnw -q -B package -DskipTests >&2 || exit 2
  fi
  exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" com.policydesk.scenario.ScenariosCli "$@"
fi
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
