import type { SshConnector } from './connector.js';

/**
 * The real connector, with ssh2 (a quarter of a megabyte) loaded on the first connection: a run
 * without a deploy server, and the TUI's first frame, never parse it.
 */
export const lazySsh2Connector: SshConnector = {
  async connect(request) {
    const { ssh2Connector } = await import('./ssh2-connector.js');
    return ssh2Connector.connect(request);
  },
};
