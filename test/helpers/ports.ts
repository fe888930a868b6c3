import type { RunPorts } from '../../src/diagnosis/ports.js';

/** Ports for tests that never reach a deploy server: a connect is a bug in the test, not a network call. */
export const noSshPorts: RunPorts = {
  ssh: {
    async connect() {
      throw new Error('no SSH in this test');
    },
  },
};
