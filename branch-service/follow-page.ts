/**
 * The "follow my ticket" page (issue 8, scan-to-follow): what a customer's phone shows after
 * scanning the ticket's QR code. Server-rendered HTML in zh-CN or English, readable without
 * script; a small inline script asks the JSON variant (GET /v1/follow/:ticketId) every
 * FOLLOW_REFRESH_SECONDS and reloads the page when the ticket moved, so the words always come
 * from the catalogue (src/i18n/messages/follow.ts). No third-party asset: the style and the
 * script are inline and allowed by their hashes in a strict Content-Security-Policy.
 */
import { createHash } from 'node:crypto';
import type { FollowStatus } from '../src/contract/follow.js';
import type { BranchConfig } from '../src/contract/sync.js';
import type { Language } from '../src/domain/business-type.js';
import { counterLabel } from '../src/i18n/counter-name.js';
import { formatMessage, type MessageKey } from '../src/i18n/messages.js';
import { singleHeader, type RequestHeaders } from './http.js';

/** How often the page asks for news; one indexed query each (./follow.ts). */
export const FOLLOW_REFRESH_SECONDS = 15;

const STYLE = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
  font-size:18px;line-height:1.45;color:#1a1a1a;background:#f4f6f8}
body{margin:0}
main{max-width:32rem;margin:0 auto;padding:1rem 1.25rem 2rem}
.branch{margin:0;color:#3d4852;font-size:1rem}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
.ticket{background:#fff;border:2px solid #1f4e79;border-radius:12px;padding:1rem;text-align:center}
.number-label{margin:0;font-size:1rem;color:#3d4852}
.number{margin:.25rem 0;font-size:3.5rem;font-weight:700;letter-spacing:.05em;color:#1f4e79}
.type{margin:0;font-size:1.1rem}
.state{margin-top:1rem;background:#fff;border-left:8px solid #1f4e79;border-radius:8px;padding:1rem}
.state h2{margin:0 0 .5rem;font-size:1.35rem}
.state p{margin:.25rem 0;font-size:1.15rem}
.state--called{border-left-color:#0b6b2f;background:#eaf6ee}
.state--served{border-left-color:#3d4852}
.state--noShow,.state--voided,.state--missing{border-left-color:#a4262c;background:#fdf0f0}
.ahead{font-size:1.6rem!important;font-weight:700}
.meta{margin-top:1rem;font-size:1rem;color:#3d4852}
.meta p{margin:.25rem 0}
a{color:#0b4f8a;display:inline-block;min-height:44px;min-width:44px;padding:.6rem 0}
a:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
`;

// Reloads the page when the ticket's state, place, estimate or counter changed, otherwise only
// moves the "as of" time; a final state is rendered without a status URL and stops it.
const SCRIPT = `(function(){
var m=document.querySelector('main'),u=m&&m.getAttribute('data-status-url');
if(!u)return;var shown=m.getAttribute('data-shown'),every=Number(m.getAttribute('data-refresh-seconds'))*1000;
var timer=setInterval(function(){
fetch(u,{cache:'no-store',credentials:'omit'}).then(function(r){
if(r.status===404){clearInterval(timer);location.reload();return null;}return r.ok?r.json():null;
}).then(function(s){if(!s)return;
var key=[s.state,s.waitingAhead,s.estimatedWaitMinutes,s.counterId].join('|');
if(key!==shown){clearInterval(timer);location.reload();return;}
var t=document.getElementById('as-of-time');if(!t)return;t.setAttribute('datetime',s.asOf);
var d=new Date(s.asOf),p=function(n){return(n<10?'0':'')+n;};
t.textContent=p(d.getHours())+':'+p(d.getMinutes())+':'+p(d.getSeconds());
}).catch(function(){});},every);})();`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** Nothing but this page's own style and script, and its own service for the refresh. */
export const FOLLOW_PAGE_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  `style-src 'sha256-${sha256(STYLE)}'`,
  "connect-src 'self'",
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers of every follow page: the link is a capability, so it is never cached or sent on. */
export const FOLLOW_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': FOLLOW_PAGE_CSP,
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  vary: 'Accept-Language',
  'content-type': 'text/html; charset=utf-8',
};

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** `?lang=` when given and known, else the best of Accept-Language; zh-CN by default. */
export function followPageLanguage(query: string | undefined, headers: RequestHeaders): Language {
  if (query === 'en' || query === 'zh-CN') return query;
  let best: { language: Language; q: number } | null = null;
  for (const part of (singleHeader(headers, 'accept-language') ?? '').split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    const language: Language | null = tag.startsWith('zh')
      ? 'zh-CN'
      : tag.startsWith('en')
        ? 'en'
        : null;
    if (language !== null && Number.isFinite(q) && q > 0 && (best === null || q > best.q)) {
      best = { language, q };
    }
  }
  return best?.language ?? 'zh-CN';
}

export interface FollowPageInput {
  readonly language: Language;
  readonly branch: BranchConfig['branch'];
  readonly businessTypes: BranchConfig['businessTypes'];
  /** The counters' names for customers, if the branch configures them. */
  readonly counters?: BranchConfig['counters'];
  /** The page's own query (k, n), kept by the language switch and the refresh link. */
  readonly link: { readonly ticketId: string; readonly k?: string; readonly n?: string };
}

const otherLanguage = (language: Language): Language => (language === 'en' ? 'zh-CN' : 'en');

function pageHref(link: FollowPageInput['link'], language: Language): string {
  const query = new URLSearchParams();
  if (link.n !== undefined) query.set('n', link.n);
  if (link.k !== undefined) query.set('k', link.k);
  query.set('lang', language);
  return `/t/${encodeURIComponent(link.ticketId)}?${query.toString()}`;
}

function document(
  input: FollowPageInput,
  title: string,
  body: string,
  main: Readonly<Record<string, string>> = {},
): string {
  const { language } = input;
  const other = otherLanguage(language);
  const attributes = Object.entries(main)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main${attributes}>
<p class="branch">${escapeHtml(input.branch.name[language])}</p>
${body}
<p><a href="${escapeHtml(pageHref(input.link, other))}" lang="${other}" hreflang="${other}">${escapeHtml(formatMessage(language, 'follow.otherLanguage'))}</a></p>
</main>
${main['data-status-url'] === undefined ? '' : `<script>${SCRIPT}</script>`}
</body>
</html>
`;
}

const hhmmss = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** What the page shows of the state; also what the script compares the JSON with. */
export const shownKey = (status: FollowStatus) =>
  [status.state, status.waitingAhead, status.estimatedWaitMinutes, status.counterId]
    .map((part) => (part === null ? '' : String(part)))
    .join('|');

/** The page of a ticket of today. */
export function followPage(input: FollowPageInput, status: FollowStatus): string {
  const { language } = input;
  const say = (key: MessageKey, params?: Record<string, string | number>) =>
    escapeHtml(formatMessage(language, key, params));
  const type = input.businessTypes.find((t) => t.id === status.businessTypeId);
  const typeName = type?.name[language] ?? status.businessTypeId;
  let state: string;
  switch (status.state) {
    case 'waiting': {
      const ahead = status.waitingAhead ?? 0;
      const wait =
        status.estimatedWaitMinutes === null
          ? say('follow.estimateUnknown')
          : say('follow.estimate', { minutes: status.estimatedWaitMinutes });
      state = `<h2>${say('follow.waiting')}</h2>
<p class="ahead" data-testid="follow-ahead">${ahead === 0 ? say('follow.youAreNext') : say('follow.ahead', { count: ahead })}</p>
<p data-testid="follow-estimate">${wait}</p>`;
      break;
    }
    case 'called':
      state = `<h2>${say('follow.called')}</h2>
<p class="ahead">${status.counterId === null ? say('follow.calledNoCounter') : say('follow.goToCounter', { counter: counterLabel(status.counterId, input.counters, language) })}</p>`;
      break;
    case 'served':
      state = `<h2>${say('follow.served')}</h2><p>${say('follow.servedText')}</p>`;
      break;
    case 'noShow':
      state = `<h2>${say('follow.noShow')}</h2><p>${say('follow.noShowText')}</p>`;
      break;
    case 'voided':
      state = `<h2>${say('follow.voided')}</h2><p>${say('follow.voidedText')}</p>`;
      break;
  }
  const live = status.state === 'waiting' || status.state === 'called';
  const k = input.link.k ?? '';
  const body = `<h1>${say('follow.title')}</h1>
<div class="ticket">
<p class="number-label" id="number-label">${say('follow.yourNumber')}</p>
<p class="number" aria-describedby="number-label" data-testid="follow-number">${escapeHtml(status.number)}</p>
<p class="type">${say('follow.businessType', { name: typeName })}</p>
</div>
<section class="state state--${status.state}" role="status" aria-live="polite" data-testid="follow-state" data-state="${status.state}">
${state}
</section>
<div class="meta">
<p>${say('follow.asOf')} <time id="as-of-time" datetime="${escapeHtml(status.asOf)}">${hhmmss(status.asOf)}</time></p>
${live ? `<p>${say('follow.autoRefresh', { seconds: FOLLOW_REFRESH_SECONDS })} <a href="${escapeHtml(pageHref(input.link, language))}">${say('follow.refresh')}</a></p>` : ''}
</div>`;
  const title = `${status.number} · ${formatMessage(language, 'follow.title')}`;
  return document(
    input,
    title,
    body,
    live
      ? {
          'data-status-url': `/v1/follow/${encodeURIComponent(status.ticketId)}?k=${encodeURIComponent(k)}`,
          'data-shown': shownKey(status),
          'data-refresh-seconds': String(FOLLOW_REFRESH_SECONDS),
        }
      : {},
  );
}

/** The page of a link that names no ticket of today: unknown, or of another day. */
export function followMissingPage(
  input: FollowPageInput,
  missing: { readonly otherDay: string | null },
): string {
  const { language } = input;
  const say = (key: MessageKey, params?: Record<string, string | number>) =>
    escapeHtml(formatMessage(language, key, params));
  const [title, text] =
    missing.otherDay === null
      ? [say('follow.notFoundTitle'), say('follow.notFoundText')]
      : [say('follow.otherDayTitle'), say('follow.otherDayText', { day: missing.otherDay })];
  const body = `<h1>${title}</h1>
<section class="state state--missing" data-testid="follow-missing">
<p>${text}</p>
</section>`;
  return document(
    input,
    missing.otherDay === null
      ? formatMessage(language, 'follow.notFoundTitle')
      : formatMessage(language, 'follow.otherDayTitle'),
    body,
  );
}
