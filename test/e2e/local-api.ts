/**
 * A tiny GitHub API on 127.0.0.1 for the terminal tests: GET /user answers as GitHub does for a
 * classic token (login + X-OAuth-Scopes) and `401 Bad credentials` for anything else.
 */
import { createServer, type Server } from 'node:http';

export interface LocalApi {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startLocalApi(tokens: Record<string, { login: string; scopes: string[] }>): Promise<LocalApi> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const auth = req.headers.authorization ?? '';
    const token = auth.replace(/^(token|bearer)\s+/i, '');
    const who = tokens[token];
    if (!who) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}');
      return;
    }
    if (req.url === '/user') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': who.scopes.join(', ') })
        .end(JSON.stringify({ login: who.login, id: 1, type: 'User' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json', 'x-oauth-scopes': who.scopes.join(', ') }).end('{"message":"Not Found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
