import type { SandboxResponse } from '../sandbox/token-service.js';
import { MemoryResponse } from './memory-http.js';

/** A sandbox emulator's answer as the Response fetch would have produced. */
export function toResponse(r: SandboxResponse): MemoryResponse {
  const nullBody = r.status === 204 || r.status === 304;
  return new MemoryResponse(nullBody ? null : r.body, { status: r.status, headers: r.headers });
}
