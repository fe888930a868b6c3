import { Box, Text } from 'ink';
import { useLatestInput } from '../latest-input.js';
import type { HostKeyQuestion } from '../questions.js';
import { Tone } from '../theme-context.js';

/** Lines of the box that are not host lines: border, title and question (two lines each at 80 columns), hint, margin. */
const FRAME_ROWS = 8;

/** The host-key questions that fit in `maxRows` (two lines each: the key, the servers on it), in the order asked. */
export function shownHostKeys(questions: HostKeyQuestion[], maxRows: number): HostKeyQuestion[] {
  return questions.slice(0, Math.max(1, Math.floor((maxRows - FRAME_ROWS) / 2)));
}

/**
 * Unknown SSH host keys, one question per host (its fingerprint, host and port). With several open,
 * every one is listed and the first is asked about; "trust all N shown" is offered only when every
 * open fingerprint is on screen, and trusts exactly those. Consent: only `y` (this one) or `a` (all
 * shown) is yes; Enter, Escape and any other key are no for the one asked about.
 */
export function HostKeyQuestions({
  questions,
  onAnswer,
  maxRows = Number.MAX_SAFE_INTEGER,
}: {
  questions: HostKeyQuestion[];
  onAnswer: (ids: number[], trust: boolean) => void;
  maxRows?: number;
}) {
  const shown = shownHostKeys(questions, maxRows);
  const first = shown[0];
  const allShown = shown.length === questions.length && shown.length > 1;
  useLatestInput((input) => {
    if (!first) return;
    if (input === 'a' && allShown)
      return onAnswer(
        shown.map((q) => q.id),
        true,
      );
    onAnswer([first.id], input === 'y');
  });
  if (!first) return null;
  if (questions.length === 1) {
    return (
      <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
        <Text bold>{first.message}</Text>
        {first.servers.length > 1 ? <Text>{`The same host for ${first.servers.join(', ')}`}</Text> : null}
        {first.detail.map((d, i) => (
          <Text key={i}>{d}</Text>
        ))}
        <Tone token="accent">(y/N) y yes · any other key no</Tone>
      </Box>
    );
  }
  const hidden = questions.length - shown.length;
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Text
        bold
      >{`${questions.length} SSH host keys are not in known_hosts. Compare each on its server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub):`}</Text>
      {shown.map((q) => (
        <Box key={q.id} flexDirection="column">
          <Text wrap="truncate-end">
            {q === first ? '› ' : '  '}
            {`${q.host}:${q.port}  ${q.fingerprint}`}
          </Text>
          <Text wrap="truncate-end">
            <Tone token="muted">{`    for ${q.servers.join(', ')}`}</Tone>
          </Text>
        </Box>
      ))}
      {hidden > 0 ? <Tone token="muted">{`… ${hidden} more, shown as these are answered`}</Tone> : null}
      <Text>
        <Tone token="accent" bold>{`Trust the host key of ${first.host}:${first.port}? (y/N)`}</Tone>
        {allShown ? ` y yes · a trust all ${shown.length} shown · any other key no` : ' y yes · any other key no'}
      </Text>
      <Tone token="muted">yes trusts a key for this run only; nothing is added to known_hosts</Tone>
    </Box>
  );
}
