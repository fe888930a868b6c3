import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/engine/redact.js';
import { explainPasted } from '../../src/tui/explain-pasted.js';
import { explainText } from '../../src/explain/matcher.js';

const TOKEN = 'ghp_pastedPastedPastedPastedPasted000001';

describe('explainPasted (what e shows)', () => {
  it('is what ghcr-doctor explain finds for the same lines', () => {
    const lines = ['#9 pushing ghcr.io/octo/api:latest', 'denied: permission_denied: The token provided does not match expected scopes.'];
    const result = explainPasted(lines, new Redactor());
    expect(result).toEqual(explainText(lines.join('\n')));
    expect(result!.matches[0]!.id).toBe('token.missing-scope');
  });

  it('a token in the paste, or one the run knows, never reaches the view', () => {
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-run-password');
    const result = explainPasted(
      [
        `Error response from daemon: Get "https://ghcr.io/v2/": denied: denied (token ${TOKEN})`,
        'unauthorized: s3cr3t-run-password rejected: authentication required',
      ],
      redactor,
    );
    const shown = JSON.stringify(result);
    expect(result!.matches.length).toBeGreaterThan(0);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain('s3cr3t-run-password');
    expect(shown).toContain('ghp_****');
  });

  it('blank lines only: nothing to explain', () => {
    expect(explainPasted([], new Redactor())).toBeNull();
    expect(explainPasted(['', '  '], new Redactor())).toBeNull();
  });
});
