/** GET /v1/config: the branch configuration, with an ETag so an unchanged one costs a 304. */
import { createHash } from 'node:crypto';
import { checkBranchConfig, type BranchConfig } from '../src/contract/sync.js';
import { singleHeader } from './http.js';
import type { RouteContext, RouteReply, RouteRequest } from './route.js';

/**
 * The configuration checked with the contract's schema, once, at start: a service that would
 * hand kiosks an unusable configuration refuses to start instead.
 */
export function checkedBranchConfig(config: BranchConfig): BranchConfig {
  const checked = checkBranchConfig(config);
  if (!checked.ok) {
    throw new Error(`Branch service configuration is invalid: ${checked.problem}.`);
  }
  return checked.value;
}

/**
 * The handler of GET /v1/config. The ETag is a digest of the body, so every instance serving the
 * same configuration gives the same tag (a kiosk may be answered by any of them).
 */
export function configHandler({ config }: RouteContext) {
  const body = JSON.stringify(config);
  const etag = `"${createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 32)}"`;
  return (request: RouteRequest<undefined, string>): RouteReply => {
    const ifNoneMatch = singleHeader(request.headers, 'if-none-match');
    const known = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    const headers = { etag, 'cache-control': 'no-cache' };
    if (known.includes(etag) || known.includes('*')) return { status: 304, headers };
    return { status: 200, body, headers };
  };
}
