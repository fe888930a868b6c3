#!/usr/bin/env bash
# The step of action.yml: runs `ghcr-doctor --ci` with the action's inputs. The token travels in the
# environment (GHCR_TOKEN), never on a command line; annotations and the step summary come from the CLI.
set -uo pipefail
if [ -n "${INPUT_TOKEN:-}" ]; then
  export GHCR_TOKEN="$INPUT_TOKEN"
fi
unset INPUT_TOKEN
if [ "${INPUT_VERSION:-latest}" = "local" ]; then
  cli=(node "$ACTION_PATH/bin/ghcr-doctor.js")
else
  cli=(npx --yes "ghcr-doctor@${INPUT_VERSION:-latest}")
fi
args=(--ci --image "$INPUT_IMAGE" --intent "${INPUT_INTENT:-push}")
for server in ${INPUT_SSH:-}; do args+=(--ssh "$server"); done
# Extra flags are split on white space, as a shell would split them unquoted.
read -r -a extra <<< "${INPUT_ARGS:-}"
code=0
"${cli[@]}" "${args[@]}" "${extra[@]}" || code=$?
case "$code" in
  0) outcome=healthy ;;
  1) outcome=problems ;;
  3) outcome=inconclusive ;;
  *) outcome=error ;;
esac
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "outcome=$outcome"; echo "exit-code=$code"; } >> "$GITHUB_OUTPUT"
fi
exit "$code"
