import { shellQuote } from './shell.js';

/** The last stdout line of PULL_SCRIPT: what it did to leave the server as it was. */
export const PULL_CLEANUP_MARK = 'ghcr-doctor-cleanup: ';

/**
 * `RUNTIME pull REF` as the deploy user, leaving nothing lasting, run on the server as ONE script so
 * that it holds even when ghcr-doctor is gone (--timeout, Ctrl-C, a dropped connection, a killed
 * process): OpenSSH ignores the SSH "signal" request and keeps a command running after its channel
 * closes, so the script watches its stdin (which ghcr-doctor keeps open) and, at end of file, ends
 * the pull's process group (rootless podman re-executes itself; docker's CLI cancels the daemon's
 * pull when it dies). Whatever the way the pull ended, an image it added is removed again; when the
 * tag already pointed at an image and the pull moved it, the tag is put back (a restart must not
 * start a different image because we diagnosed). SIGPIPE is ignored and every later write is
 * optional, so the clean-up also runs after the connection is gone.
 * Arguments: $1 the runtime, $2 the image reference.
 */
export const PULL_SCRIPT = String.raw`
rt=$1 ref=$2
trap '' PIPE HUP
image_id() { "$rt" image inspect --format '{{.Id}}' "$ref" 2>/dev/null | head -n 1; }
first_line() { printf '%s\n' "$1" | head -n 1; }
before=$(image_id)
# Never a guessable name in a shared /tmp (another user could plant a link there): without mktemp, the user's home.
out=$(mktemp 2>/dev/null) || out="$HOME/.ghcr-doctor-pull.$$"
exec 3<&0
if command -v setsid >/dev/null 2>&1; then setsid "$rt" pull "$ref" </dev/null >"$out" & else "$rt" pull "$ref" </dev/null >"$out" & fi
p=$!
{
  while read -r _; do :; done
  kill -TERM -"$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null
  sleep 5
  kill -KILL -"$p" 2>/dev/null || kill -KILL "$p" 2>/dev/null
} <&3 >/dev/null 2>&1 &
w=$!
wait "$p"
rc=$?
kill "$w" 2>/dev/null
cat "$out" 2>/dev/null
pulled=$(tail -n 1 "$out" 2>/dev/null)
rm -f "$out"
# podman pull ends with the image ID on stdout: one podman run fewer (each costs CPU) than asking again.
after=
case "$rt" in *podman) [ "$rc" = 0 ] && printf '%s\n' "$pulled" | grep -qx '[0-9a-f]\{64\}' && after=$pulled ;; esac
[ -n "$after" ] || after=$(image_id)
if [ -z "$before" ]; then
  if [ -z "$after" ]; then c='not pulled'
  elif err=$("$rt" rmi "$ref" 2>&1 >/dev/null); then c='removed again'
  else c="could not be removed again: $(first_line "$err")"; fi
elif [ -n "$after" ] && [ "$after" != "$before" ]; then
  if err=$("$rt" tag "$before" "$ref" 2>&1 >/dev/null); then
    "$rt" rmi "$after" >/dev/null 2>&1
    c='already present, kept (a newer image was pulled and removed; the tag points at the old one again)'
  else c="the tag now points at the newly pulled image: $(first_line "$err")"; fi
else c='already present, kept'; fi
printf '\n${PULL_CLEANUP_MARK}%s\n' "$c"
exit "$rc"
`;

/** The command line that runs PULL_SCRIPT (the script is an argument: stdin is the hang-up wire). */
export function pullCommand(runtime: 'podman' | 'docker', ref: string): string {
  return `sh -c ${shellQuote(PULL_SCRIPT)} ghcr-doctor-pull ${runtime} ${shellQuote(ref)}`;
}

/** The runtime and reference of a pullCommand line (the demo's server runs it without a shell). */
export function parsePullCommand(command: string): { runtime: string; ref: string } | undefined {
  const prefix = `sh -c ${shellQuote(PULL_SCRIPT)} ghcr-doctor-pull `;
  if (!command.startsWith(prefix)) return undefined;
  const m = /^(podman|docker) '?([^' ]+)'?$/.exec(command.slice(prefix.length));
  return m ? { runtime: m[1]!, ref: m[2]! } : undefined;
}

/** Splits PULL_SCRIPT's stdout into the runtime's own output and the clean-up line. */
export function splitPullOutput(stdout: string): { output: string; cleanup?: string } {
  const at = stdout.lastIndexOf(`\n${PULL_CLEANUP_MARK}`);
  if (at < 0) return { output: stdout };
  return { output: stdout.slice(0, at), cleanup: stdout.slice(at + 1 + PULL_CLEANUP_MARK.length).split('\n')[0] };
}
