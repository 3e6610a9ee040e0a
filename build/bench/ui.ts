// build/bench: `npm run bench:ui [-- --conversations N --presses N]`. Seeds N cached conversations,
// serves browser mode in-process, drives Chromium with Playwright and times each `j` keypress until
// the next conversation is painted in the pane (keydown -> title changed -> the frame that paints it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../chromium';
import { createCore } from '../../electron/core/index';
import { startHttpHost } from '../../electron/server/httpHost';
import { generator, percentile } from './data';

const { values } = parseArgs({
  options: { conversations: { type: 'string' }, presses: { type: 'string' } },
});
const CONVS = Number(values.conversations ?? 100_000);
const PRESSES = Number(values.presses ?? 300);
const CLIENTS = 50;
const log = (m: string) => process.stderr.write(m + '\n');
const root = resolve(process.cwd());
const staticDir = join(root, 'dist', 'renderer');
if (!existsSync(join(staticDir, 'index.html')))
  throw new Error('dist/renderer is missing: run `npm run build` first');

const dir = mkdtempSync(join(tmpdir(), 'steward-bench-ui-'));
const secrets = { backend: 'memory', get: () => null, set() {}, delete() {} };
try {
  const core = await createCore({
    dataDir: dir,
    mode: 'browser',
    secrets,
    pollIntervalMs: 3_600_000,
    // The current agent, as `serve --agent` sets it: without one the page asks for it first.
    agent: { name: 'Bench', email: 'bench@example.test' },
  });
  const { db, repos } = core.internals;
  const sources: { id: number; clientId: number }[] = [];
  for (let c = 0; c < CLIENTS; c++) {
    const tz = [
      'Europe/Copenhagen',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Tokyo',
      'Europe/London',
    ][c % 5]!;
    const client = repos.clients.insert(
      {
        name: `Client ${String(c + 1).padStart(2, '0')}`,
        color: `#${(((c * 2654435761) >>> 8) & 0xffffff).toString(16).padStart(6, '0')}`,
        timezone: tz,
        firstReplyMinutes: 60 + (c % 8) * 60,
        briefing: 'Benchmark client.',
        isDemo: false,
      },
      0,
    );
    const s = repos.sources.insert(
      {
        clientId: client.id,
        platform: 'discourse',
        name: `Forum ${c + 1}`,
        baseUrl: 'http://127.0.0.1:9',
        config: { apiUsername: 'bench' },
        secretRef: null,
      },
      0,
    );
    db.prepare('UPDATE sources SET enabled = 0 WHERE id = ?').run(s.id);
    sources.push({ id: s.id, clientId: client.id });
  }
  const ingester = core.internals.ingester;
  const gen = generator({
    clients: CLIENTS,
    perConversation: 2,
    start: Date.now() - 2 * 86400_000,
  });
  for (let done = 0; done < CONVS * 2; done += 2000) {
    const batch = gen.batch(2000);
    const by = new Map<number, typeof batch>();
    for (const b of batch)
      (by.get(b.sourceIdx) ?? by.set(b.sourceIdx, []).get(b.sourceIdx)!).push(b);
    for (const [i, items] of by)
      ingester.ingest(
        sources[i]!,
        items.map((x) => x.item),
        [],
        Date.now(),
      );
  }
  db.exec('ANALYZE');
  log(
    `seeded ${repos.conversations.queue({ assignee: 'any', selfId: 1, offset: 0, limit: 1 }).total} conversations`,
  );

  const token = 'bench-token-0123456789';
  const host = await startHttpHost({
    dispatch: core.dispatch,
    onEvent: core.onEvent,
    token,
    staticDir,
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${host.url}/?token=${token}`);
  await page.waitForSelector('html[data-ready="1"]', { timeout: 60_000 });
  await page.locator('body').click();
  // In the page: keydown time -> the title element changes -> the next animation frame (paint).
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __dom: number[]; __t: number | null };
    w.__lat = [];
    w.__dom = [];
    w.__t = null;
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'j') w.__t = e.timeStamp;
      },
      true,
    );
    const title = () =>
      document.querySelector('[data-testid="conversation-title"]')?.textContent ?? null;
    let last = title();
    const obs = new MutationObserver(() => {
      if (w.__t == null) return;
      const now = title();
      if (now === last) return; // only the pane showing the next conversation counts
      last = now;
      const t0 = w.__t;
      w.__t = null;
      w.__dom.push(performance.now() - t0);
      requestAnimationFrame(() => w.__lat.push(performance.now() - t0));
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.keyboard.press('j');
  await page.waitForSelector('[data-testid="conversation-title"]');
  for (let i = 0; i < 20; i++) await page.keyboard.press('j'); // warm-up
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[]; __dom: number[] };
    w.__lat = [];
    w.__dom = [];
  });
  const cdp = process.env.UI_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  for (let i = 0; i < PRESSES; i++) {
    const before = await page.locator('[data-testid="conversation-title"]').textContent();
    await page.keyboard.press('j');
    await page
      .waitForFunction(
        (b) => document.querySelector('[data-testid="conversation-title"]')?.textContent !== b,
        before,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((sid, i) => {
      const n = byId.get(sid)!;
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0));
    });
    log(
      [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([k, v]) => `${(v / 1000).toFixed(1)}ms ${k}`)
        .join('\n'),
    );
  }
  const lat = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
  const dom = await page.evaluate(() => (window as unknown as { __dom: number[] }).__dom);
  // The same measurement on a trivial page (keydown -> text change -> next frame): the floor that
  // this headless Chromium's frame scheduling puts under any keystroke.
  const floorPage = await browser.newPage();
  await floorPage.setContent('<div id="t">0</div>');
  await floorPage.evaluate(() => {
    const w = window as unknown as { __f: number[] };
    w.__f = [];
    let n = 0;
    window.addEventListener('keydown', (e) => {
      const t0 = e.timeStamp;
      document.getElementById('t')!.textContent = String(++n);
      requestAnimationFrame(() => w.__f.push(performance.now() - t0));
    });
  });
  for (let i = 0; i < 100; i++) {
    await floorPage.keyboard.press('j');
    await floorPage.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
  }
  const floor = await floorPage.evaluate(() => (window as unknown as { __f: number[] }).__f);
  await browser.close();
  await host.close();
  await core.stop();
  console.log(
    JSON.stringify({
      conversations: CONVS,
      presses: lat.length,
      keystroke_p50_ms: Number(percentile(lat, 0.5).toFixed(2)),
      keystroke_p95_ms: Number(percentile(lat, 0.95).toFixed(2)),
      keystroke_max_ms: Number(Math.max(...lat).toFixed(2)),
      keystroke_to_dom_p95_ms: Number(percentile(dom, 0.95).toFixed(2)),
      frame_floor_p95_ms: Number(percentile(floor, 0.95).toFixed(2)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
