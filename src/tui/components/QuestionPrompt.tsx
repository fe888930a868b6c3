import { useState } from 'react';
import { Box, Text } from 'ink';
import { useLatestInput } from '../latest-input.js';
import type { Question } from '../questions.js';
import { Tone } from '../theme-context.js';

/**
 * A question from a running check, answered inside Ink (one owner of stdin). A secret is shown as
 * one `*` per character and never kept beyond this component.
 */
export function QuestionPrompt({ question, onAnswer }: { question: Question; onAnswer: (value: boolean | string | undefined) => void }) {
  const [typed, setTyped] = useState('');
  useLatestInput((input, key) => {
    if (question.kind === 'confirm') {
      // Consent: only y is yes; Enter, Escape and any other key are no.
      onAnswer(input === 'y');
      return;
    }
    if (key.escape) return onAnswer(undefined);
    if (key.return) return onAnswer(typed);
    if (key.backspace || key.delete) return setTyped((t) => t.slice(0, -1));
    if (!key.ctrl && !key.meta && input) setTyped((t) => t + input);
  });
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Text bold>{question.message}</Text>
      {question.detail.map((d, i) => (
        <Text key={i}>{d}</Text>
      ))}
      {question.kind === 'confirm' ? (
        <Tone token="accent">(y/N) y yes · any other key no</Tone>
      ) : (
        <Text>
          {'*'.repeat(typed.length)}
          <Tone token="muted"> (hidden · enter to submit · esc to skip)</Tone>
        </Text>
      )}
    </Box>
  );
}
