import type { SandboxResponse } from '../sandbox/token-service.js';

/** A sandbox emulator's answer as the Response fetch would have produced. */
export function toResponse(r: SandboxResponse): Response {
  const nullBody = r.status === 204 || r.status === 304;
  return new Response(nullBody ? null : r.body, { status: r.status, headers: r.headers });
}
