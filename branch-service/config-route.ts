/** GET /v1/config: the branch configuration, with an ETag so an unchanged one costs a 304. */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkBranchConfig, type BranchConfig } from '../src/contract/sync.js';
import type { KioskAuth } from './auth.js';
import { sendJson, singleHeader } from './http.js';

/**
 * The handler of GET /v1/config. The configuration is checked with the contract's schema once,
 * here: a service that would hand kiosks an unusable configuration refuses to start instead.
 */
export function configRoute(config: BranchConfig, auth: KioskAuth) {
  const checked = checkBranchConfig(config);
  if (!checked.ok) {
    throw new Error(`Branch service configuration is invalid: ${checked.problem}.`);
  }
  const body = JSON.stringify(checked.value);
  const etag = `"${createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 32)}"`;
  return (req: IncomingMessage, res: ServerResponse): void => {
    auth.authenticate(req);
    const ifNoneMatch = singleHeader(req, 'if-none-match');
    const known = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    const headers = { etag, 'cache-control': 'no-cache' };
    if (known.includes(etag) || known.includes('*')) {
      res.writeHead(304, headers).end();
      return;
    }
    sendJson(res, 200, body, headers);
  };
}
