// build/harness/xss: the XSS part. Every vector of the corpus (xssVectors.ts) is delivered as real
// member content: posts on the Discourse simulator whose `cooked` HTML is the vector (and the topic
// titles and member display names carry vectors too), polled by a real browser-mode server
// (dist/server, built by `npm run build -- --no-main`), then rendered by the real renderer in Debian
// Chromium (playwright-core): every conversation is opened in turn, so each vector appears in the
// queue row (title, member, preview), in the conversation pane (the sanitized message body) and in the
// composer, where a canned response rendering {{member.name}} is inserted from the `#` picker (the
// picker itself lists only shortcut and title). Then the Reports tab: every member message as a
// feedback quote with its author's name, ten titles as the month's notable conversations; and the SLA
// board's cards (titles). Native notifications (Electron's, and the browser's Notification API in
// browser mode) take their title and body as plain strings, never HTML, and are not part of the page.
// After each pane renders, every element of the thread gets mouseover/pointerover/focus/click-free
// events dispatched, so handler-based vectors that need interaction would fire too.
//
// Figures: xss_vectors (delivered and rendered), xss_report_quotes / xss_notable_titles /
// xss_board_cards (how many the Reports tab and the SLA board showed), xss_executions (calls of the page's `__xss` hook or of
// alert/confirm/prompt/print, overridden before any page script), remote_requests (requests leaving the
// page for any host but the server), xss_dangerous_attributes (scriptable URLs, inline handlers or
// id/name attributes left in rendered member content). All four but the first must be 0.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { launchChromium } from '../chromium';
import { startDiscourseSimulator } from '../../electron/demo/simulators/discourse';
import { StewardServer } from '../../tests/e2e/server';
import { xssCorpus } from './xssVectors';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEY = 'k-xss-harness-0123456789';
const PER_TOPIC = 10;

export type XssFigures = {
  xss_vectors: number;
  xss_executions: number;
  remote_requests: number;
  xss_dangerous_attributes: number;
  xss_canned_inserts: number;
  xss_report_quotes: number;
  xss_notable_titles: number;
  xss_board_cards: number;
};

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`xss harness: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Scans the rendered thread: scriptable URLs, inline handlers, id/name attributes in member content. */
function scanThread(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    // Attributes a browser dereferences as URLs (a title showing a blocked URL is text, not a URL).
    const urlAttrs = [
      'href',
      'src',
      'srcset',
      'action',
      'data',
      'poster',
      'background',
      'xlink:href',
      'ping',
      'cite',
      'usemap',
    ];
    for (const el of document.querySelectorAll('[data-testid="message"] > .body *')) {
      for (const a of Array.from(el.attributes)) {
        const n = a.name.toLowerCase();
        // eslint-disable-next-line no-control-regex -- browsers ignore control characters inside a URL scheme; so does the check
        const v = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (
          n.startsWith('on') ||
          n === 'id' ||
          n === 'name' ||
          n === 'srcdoc' ||
          n === 'formaction'
        )
          bad.push(`${el.tagName} ${n}=${a.value}`);
        else if (
          urlAttrs.includes(n) &&
          /^(javascript|vbscript|data):/.test(v) &&
          !(n === 'src' && v.startsWith('data:image/') && !v.startsWith('data:image/svg'))
        )
          bad.push(`${el.tagName} ${n}=${a.value.slice(0, 80)}`);
      }
      // Interaction-driven vectors: fire the events a reader's pointer and keyboard would.
      for (const type of [
        'mouseover',
        'pointerover',
        'mouseenter',
        'focus',
        'animationstart',
        'toggle',
      ]) {
        el.dispatchEvent(new Event(type, { bubbles: true }));
      }
    }
    return bad;
  });
}

export async function xssHarness(o: {
  limit?: number;
  log: (m: string) => void;
}): Promise<XssFigures> {
  // build/scripts/harness.mjs builds them before running this part.
  if (
    !existsSync(join(root, 'dist/server/index.mjs')) ||
    !existsSync(join(root, 'dist/renderer/index.html'))
  ) {
    throw new Error(
      'xss harness: dist/server or dist/renderer missing: run `npm run build -- --no-main` first',
    );
  }
  const vectors = xssCorpus(o.limit);
  const sim = await startDiscourseSimulator({ seed: 13 });
  sim.addSite({ slug: 'xss', apiKey: KEY, apiUsername: 'agent_bot', title: 'XSS Forum' });
  const base = Date.now() - 3_600_000;
  let topics = 0;
  for (let i = 0; i < vectors.length; i += PER_TOPIC) {
    const group = vectors.slice(i, i + PER_TOPIC);
    const first = sim.addMemberPost('xss', {
      title: `Vectors ${i + 1}-${i + group.length} ${group[0]!.slice(0, 150)}`,
      raw: group[0]!,
      cooked: group[0]!,
      username: `member${i}`,
      name: group[1]?.slice(0, 60) ?? null,
      createdAt: new Date(base + i * 1000),
    });
    topics++;
    group.slice(1).forEach((v, j) =>
      sim.addMemberPost('xss', {
        topicId: first.topic_id,
        raw: v,
        cooked: v,
        username: `member${i + j + 1}`,
        name: v.slice(0, 60),
        createdAt: new Date(base + (i + j + 1) * 1000),
      }),
    );
  }
  o.log(`[xss] ${vectors.length} vectors in ${topics} topics on the simulator`);

  const server = await new StewardServer(StewardServer.tempDir(), ['--no-demo']).start();
  const browser = await launchChromium();
  try {
    const client = await server.rpc<{ id: number }>('clients.create', {
      name: 'XSS',
      timezone: 'UTC',
      firstReplyMinutes: 5, // overdue by the time the board is shown: its cards carry the titles
    });
    await server.rpc('sources.add', {
      clientId: client.id,
      platform: 'discourse',
      name: 'XSS Forum',
      baseUrl: sim.siteUrl('xss'),
      config: { apiUsername: 'agent_bot', initialPages: 50 },
      secrets: { apiKey: KEY },
    });
    // A canned response that renders the member's name: its preview in the `#` picker is member content too.
    await server.rpc('responses.save', {
      response: {
        clientId: client.id,
        shortcut: 'xssprobe',
        title: 'Greeting',
        variants: [
          { locale: 'en', platform: null, body: 'Hi {{member.name}}, thanks for writing.' },
        ],
      },
    });
    const ids = await waitFor('every topic in the queue', async () => {
      const q = await server.rpc<{ total: number; rows: { id: number }[] }>('queue.list', {
        limit: 500,
      });
      return q.total >= topics ? q.rows.map((r) => r.id) : null;
    });
    o.log(`[xss] ${ids.length} conversations ingested`);

    // bypassCSP: the page's CSP is off, so what is measured is the sanitizer alone (the CSP is a second
    // wall; a vector it would have stopped still counts here).
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const serverHost = new URL(server.url).host;
    const remote: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (
        (u.protocol === 'http:' ||
          u.protocol === 'https:' ||
          u.protocol === 'ws:' ||
          u.protocol === 'wss:') &&
        u.host !== serverHost
      ) {
        remote.push(r.url());
      }
    });
    const executions: string[] = [];
    await page.exposeFunction('__xssReport', (n: unknown) => executions.push(String(n)));
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown> & {
        __xssReport: (n: unknown) => void;
      };
      const hook = (tag: string) => (n?: unknown) => void w.__xssReport(`${tag}:${String(n)}`);
      Object.defineProperty(window, '__xss', {
        value: hook('xss'),
        writable: false,
        configurable: false,
      });
      w.alert = hook('alert');
      w.confirm = hook('confirm');
      w.prompt = hook('prompt');
      w.print = hook('print');
    });
    page.on('pageerror', (e) => o.log(`[xss] page error: ${e.message}`));
    await page.goto(server.openUrl);
    await page.locator('html[data-ready="1"]').waitFor({ timeout: 30_000 });
    // Controls: an inline handler and a remote image outside member content must be seen by the
    // detectors (else a 0 would mean nothing); then the counts start from zero.
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<img src="x:control" onerror="__xss(\'control\')">';
      new Image().src = 'https://remote.example/control.png';
    });
    await waitFor(
      'the detector controls',
      async () => (executions.length > 0 && remote.length > 0 ? true : null),
      10_000,
    );
    executions.length = 0;
    remote.length = 0;

    const dangerous: string[] = [];
    let canned = 0;
    let rendered = 0;
    for (const id of ids) {
      // A click on the row, as an agent does (a vector that stole focus cannot swallow it, as it could a key).
      await page
        .locator(`[data-testid="queue-row"][data-conversation-id="${id}"]`)
        .click({ timeout: 10_000 });
      const detail = await server.rpc<{ messages: unknown[] }>('conversations.get', { id });
      const messages = page.locator(
        `[data-testid="conversation-pane"][data-conversation-id="${id}"] [data-testid="message"]`,
      );
      await waitFor(
        `conversation ${id} rendered`,
        async () => ((await messages.count()) >= detail.messages.length ? true : null),
        10_000,
      ).catch(async (e: Error) => {
        const shown = await messages.count();
        const text = await page
          .locator('[data-testid="conversation-pane"]')
          .first()
          .innerText()
          .catch(() => '');
        throw new Error(
          `${e.message}: ${shown} of ${detail.messages.length} messages shown; pane: ${text.slice(0, 400)}`,
        );
      });
      rendered += detail.messages.length;
      dangerous.push(...(await scanThread(page)));
      // A canned response rendered with this conversation's member ({{member.name}}), inserted from the
      // composer's `#` picker: the member's name reaches the composer and the voice checks beside it.
      const box = page.getByTestId('composer');
      // Focus as the keyboard does (`r`): on a short viewport the composer may sit below the pane's fold.
      await box.focus();
      await page.keyboard.type('#xssprobe');
      await page.getByTestId('canned-option').first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await waitFor(
        'the canned response inserted',
        async () => ((await box.inputValue()).startsWith('Hi ') ? true : null),
        10_000,
      );
      if (canned++ === 0)
        o.log(`[xss] first canned insert: ${(await box.inputValue()).slice(0, 160)}`);
      await box.fill('');
    }
    // The Reports tab: every member message becomes a feedback quote (three per theme, shown with its
    // author's name) and the first ten conversations the month's notable ones (their titles); then
    // the SLA board, whose cards carry the titles of the overdue conversations.
    const inbound: number[] = [];
    for (const id of ids) {
      const d = await server.rpc<{ messages: { id: number; direction: string }[] }>(
        'conversations.get',
        { id },
      );
      inbound.push(...d.messages.filter((m) => m.direction === 'inbound').map((m) => m.id));
    }
    const themes: number[] = [];
    for (let k = 0; k * 3 < inbound.length; k++)
      themes.push(
        (
          await server.rpc<{ id: number }>('tags.create', {
            clientId: client.id,
            name: `Theme ${k + 1}`,
            kind: 'bug',
          })
        ).id,
      );
    for (const [i, messageId] of inbound.entries())
      await server.rpc('feedback.tag', { messageId, tagId: themes[Math.floor(i / 3)]! });
    const month = new Date().toISOString().slice(0, 7);
    await server.rpc('reports.setNotable', {
      clientId: client.id,
      month,
      items: ids.slice(0, 10).map((conversationId) => ({ conversationId })),
    });
    await page.locator('body').press('Escape');
    await page.locator('body').press('4');
    await page.getByTestId('reports-client').selectOption(String(client.id));
    const quotes = page.getByTestId('theme-quote');
    await waitFor(
      'the report quotes rendered',
      async () => ((await quotes.count()) >= inbound.length ? true : null),
      60_000,
    );
    const quoted = await quotes.count();
    const notable = await waitFor(
      'the notable conversations listed',
      async () => {
        const n = await page.getByTestId('notable-list').locator('li').count();
        return n >= Math.min(10, ids.length) ? n : null;
      },
      20_000,
    );
    await page.locator('body').press('2');
    await page.getByTestId('sla-board').waitFor({ timeout: 20_000 });
    // Every conversation is overdue (a 5-minute first-reply target): wait until the board shows them.
    const cards = await waitFor(
      'the SLA board cards rendered',
      async () => {
        const n = await page.getByTestId('board-card').count();
        return n > 0 ? n : null;
      },
      20_000,
    );
    o.log(`[xss] reports: ${quoted} quotes, ${notable} notable titles; SLA board: ${cards} cards`);
    // Handlers queued by the last render (load/error events) get a moment to fire before counting.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200))));
    o.log(
      `[xss] ${rendered} messages rendered, ${canned} canned responses inserted; executions ${executions.length}, remote requests ${remote.length}`,
    );
    for (const e of executions.slice(0, 10)) o.log(`[xss] executed: ${e}`);
    for (const d of dangerous.slice(0, 10)) o.log(`[xss] dangerous attribute: ${d}`);
    for (const r of remote.slice(0, 10)) o.log(`[xss] remote request: ${r}`);
    return {
      xss_vectors: Math.min(rendered, vectors.length),
      xss_executions: executions.length,
      remote_requests: remote.length,
      xss_dangerous_attributes: dangerous.length,
      xss_canned_inserts: canned,
      xss_report_quotes: quoted,
      xss_notable_titles: notable,
      xss_board_cards: cards,
    };
  } finally {
    await browser.close();
    await server.stop();
    server.cleanup();
    await sim.close();
  }
}
