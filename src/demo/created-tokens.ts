/**
 * The demo's stand-in for github.com/settings/tokens/new. A fix that asks for a new token opens that
 * page; in the demo there is no real page, so a made-up classic token (`ghp_` + 36 letters or digits)
 * that the simulated GitHub has never seen counts as just created there by the demo user, with the
 * scopes the fix's link preselects, whether the API or the registry's token service sees it first.
 * Real GitHub never accepts unknown tokens; this only exists so a person trying the demo can go
 * through a fix without a real token.
 */
import { findToken, type World } from '../sandbox/world.js';
import { DEMO_USER } from './scenarios.js';

const CLASSIC_SHAPE = /^ghp_[A-Za-z0-9]{36}$/;
const DAY = 86_400_000;

/** The token in `Authorization: token|Bearer X`, or the password of `Basic user:X`. */
function credentialOf(header: string | null): string | undefined {
  if (!header) return undefined;
  const bearer = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  if (bearer) return bearer[1];
  const basic = /^basic\s+(\S+)$/i.exec(header.trim());
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : undefined;
}

/** Registers a never-seen classic-shaped token as freshly created; returns it when it did. */
export function adoptCreatedToken(world: World, authorization: string | null, now: number): string | undefined {
  const value = credentialOf(authorization);
  if (!value || !CLASSIC_SHAPE.test(value) || findToken(world, value)) return undefined;
  world.tokens.push({
    value,
    owner: DEMO_USER,
    kind: 'classic',
    scopes: ['write:packages', 'read:packages'],
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 30 * DAY).toISOString(),
  });
  return value;
}
