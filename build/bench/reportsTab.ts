// build/bench: `reports_tab_ms` — the Reports tab for one client and one month, from the selection
// to the painted figures, on a data folder (the 1M-message one of `npm run bench`, or the one
// `npm run bench:reports` fills). The built browser-mode server runs on the folder; Chromium opens the
// tab, picks the month (all clients, unmeasured), then selects clients one at a time. Each run is
// timed in the page: the select's change event → the tab shows that client's period, not busy, with
// its weekly chart drawn → the next animation frame (the frame that paints it). Each client is new to
// the page's cache, so every run asks the core (the contract's zone, then `reports.kpis`).
import { spawn } from 'node:child_process';
import type { Browser } from '@playwright/test';
import { percentile } from './data';

/** Starts dist/server on dataDir (no demo), returns its URL with the token and a stop function. */
async function startServer(serverEntry: string, dataDir: string) {
  const child = spawn(
    process.execPath,
    [
      serverEntry,
      '--data',
      dataDir,
      '--port',
      '0',
      '--no-demo',
      '--quiet',
      '--agent',
      'Bench Agent <bench@example.test>',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = out.match(/Open: (\S+)/);
      if (m) ok(m[1]!);
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return { url, stop };
}

export async function reportsTabBench(o: {
  browser: Browser;
  serverEntry: string;
  dataDir: string;
  /** "YYYY-MM": a month with traffic in the data. */
  month: string;
  runs?: number;
  log: (m: string) => void;
}): Promise<Record<string, number | null>> {
  const server = await startServer(o.serverEntry, o.dataDir);
  try {
    const page = await o.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="1"]', { timeout: 120_000 });
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports-month').fill(o.month);
    // All clients for the month first (unmeasured): the tab, its charts and recharts are loaded.
    await page.waitForFunction(
      (month) => {
        const m = document.querySelector<HTMLElement>('[data-testid="reports"]');
        return (
          m?.dataset.shown?.startsWith(`all|${month}`) && m.getAttribute('aria-busy') === 'false'
        );
      },
      o.month,
      { timeout: 600_000, polling: 100 },
    );
    const ids = await page
      .getByTestId('reports-client')
      .locator('option')
      .evaluateAll((os) => os.map((x) => (x as HTMLOptionElement).value).filter(Boolean));
    const runs: number[] = [];
    const rpc: number[] = [];
    for (const id of ids.slice(0, o.runs ?? 5)) {
      const ms = await page.evaluate(
        (id) =>
          new Promise<number>((done, fail) => {
            const main = document.querySelector<HTMLElement>('[data-testid="reports"]')!;
            const select = document.querySelector<HTMLSelectElement>(
              '[data-testid="reports-client"]',
            )!;
            const painted = () =>
              main.dataset.shown?.startsWith(`${id}|`) &&
              main.getAttribute('aria-busy') === 'false' &&
              main.querySelector('[data-testid="chart-byWeek"] .recharts-surface') != null;
            const timer = setTimeout(
              () => fail(new Error(`client ${id}: not painted in 120 s`)),
              120_000,
            );
            let t0 = 0;
            const obs = new MutationObserver(() => {
              if (!painted()) return;
              obs.disconnect();
              requestAnimationFrame(() => {
                clearTimeout(timer);
                done(performance.now() - t0);
              });
            });
            obs.observe(main, { subtree: true, childList: true, attributes: true });
            t0 = performance.now();
            // As a user's pick does: the select's value changes, then its change event.
            select.value = id;
            select.dispatchEvent(new Event('change', { bubbles: true }));
          }),
        id,
      );
      runs.push(ms);
      // The same request alone over HTTP, to tell the core's share from the renderer's.
      const period = page.getByTestId('reports-period');
      const body = JSON.stringify({
        clientId: Number(id),
        from: await period.getAttribute('data-from'),
        to: await period.getAttribute('data-to'),
      });
      const u = new URL(server.url);
      const t = performance.now();
      const res = await fetch(`${u.origin}/rpc/reports.kpis`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Steward-Token': u.searchParams.get('token')!,
        },
        body,
      });
      if (!((await res.json()) as { ok: boolean }).ok) throw new Error('reports.kpis failed');
      rpc.push(performance.now() - t);
      o.log(
        `reports tab: client ${id}, ${o.month}: ${ms.toFixed(1)} ms (reports.kpis alone ${rpc.at(-1)!.toFixed(1)} ms)`,
      );
    }
    await page.close();
    return {
      reports_tab_ms: runs.length ? Math.round(percentile(runs, 0.5)) : null,
      reports_tab_max_ms: runs.length ? Math.round(Math.max(...runs)) : null,
      reports_kpis_rpc_ms: rpc.length ? Math.round(percentile(rpc, 0.5)) : null,
    };
  } finally {
    await server.stop();
  }
}
