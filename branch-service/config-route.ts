/** GET /v1/config: the branch configuration, with an ETag so an unchanged one costs a 304. */
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
 * The handler of GET /v1/config: the configuration served now (./branch-config-source.ts),
 * read per request so a reloaded file is served from the next request on, with its new tag.
 */
export function configHandler({ branchConfig }: RouteContext) {
  return (request: RouteRequest<undefined, string>): RouteReply => {
    const { body, etag } = branchConfig.current();
    const ifNoneMatch = singleHeader(request.headers, 'if-none-match');
    const known = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    const headers = { etag, 'cache-control': 'no-cache' };
    if (known.includes(etag) || known.includes('*')) return { status: 304, headers };
    return { status: 200, body, headers };
  };
}
