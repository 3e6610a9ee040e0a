// tests/e2e: the Reports tab on the demo agency in Chromium against browser mode — opened from the
// keyboard, the period it asks for computed independently here (local midnights of the client's
// contract zone from Intl's offsets, UTC for all clients), and every figure it shows equal to what
// `reports.kpis` returns over the same HTTP transport for the same client and period; its SLA rows
// equal `sla.report`'s. (Its axe check is in a11y.spec.ts with the other screens.)
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ReportsKpis } from '../../shared/ipc/domains/reports';
import type { SlaMetricReport } from '../../shared/ipc/domains/sla';
import {
  formatCount,
  formatHoursShort,
  formatMinutes,
  formatPct,
} from '../../renderer/features/reports/period';
import { StewardServer } from './server';

let server: StewardServer;
test.beforeAll(async () => {
  server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
});
test.afterAll(async () => {
  await server.stop();
  server.cleanup();
});

/** The zone's offset from UTC at an instant, in minutes, as Intl reports it ("GMT+01:00"). */
function offsetMinutes(zone: string, t: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(t)
    .find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
/** The instant of local midnight of a date in a zone (month may be 13 = January next year). */
function midnight(zone: string, y: number, month: number, day = 1): string {
  const wall = Date.UTC(y, month - 1, day);
  let t = wall;
  for (let i = 0; i < 3; i++) t = wall - offsetMinutes(zone, t) * 60_000;
  return new Date(t).toISOString();
}
function monthNow(zone: string): [number, number] {
  const s = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
  }).format(Date.now());
  return [Number(s.slice(0, 4)), Number(s.slice(5, 7))];
}

async function openReports(page: Page) {
  await page.goto(server.openUrl);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
  await page.locator('body').press('4');
  await expect(page.getByTestId('reports')).toBeVisible();
  await expect(page.getByTestId('nav-reports')).toHaveAttribute('aria-current', 'page');
}

async function shownFor(page: Page, clientId: number | null, from: string, to: string) {
  await expect(page.getByTestId('reports-period')).toHaveAttribute('data-from', from);
  await expect(page.getByTestId('reports-period')).toHaveAttribute('data-to', to);
  await expect(page.getByTestId('reports')).toHaveAttribute(
    'data-shown',
    `${clientId ?? 'all'}|${from}|${to}`,
  );
  await expect(page.getByTestId('reports')).toHaveAttribute('aria-busy', 'false');
}

const value = (page: Page, id: string): Locator => page.getByTestId(`kpi-${id}-value`);
const orNone = (v: number | null, f: (x: number) => string) => (v == null ? '—' : f(v));

/** Every figure on screen against the contract's answer for the same input. */
async function expectFigures(page: Page, k: ReportsKpis) {
  const c = k.current;
  const p = k.previous;
  const count = (n: number) => formatCount(n, 'en');
  const mins = (n: number | null) => orNone(n, (x) => formatMinutes(x, 'en'));
  for (const [id, n] of [
    ['conversationsIn', c.volume.conversationsIn],
    ['messagesIn', c.volume.messagesIn],
    ['activeMembers', c.volume.activeMembers],
    ['newMembers', c.volume.newMembers],
    ['returningMembers', c.volume.returningMembers],
    ['resolved', c.responsiveness.resolvedCount],
    ['moderationTotal', c.moderation.total],
    ['guidelineOverrides', c.guidelineOverrides],
    ['backlogAtEnd', c.responsiveness.backlogAtEnd],
    ['feedbackTotal', c.feedback.total],
  ] as const)
    await expect(value(page, id), id).toHaveText(count(n));
  // The change line names the previous period's value.
  await expect(page.getByTestId('kpi-conversationsIn-change')).toContainText(
    `previous: ${count(p.volume.conversationsIn)}`,
  );
  const r = c.responsiveness;
  for (const [id, n] of [
    ['firstReplyMedian', r.firstReplyMedianMinutes],
    ['firstReplyP90', r.firstReplyP90Minutes],
    ['firstReplyBusinessMedian', r.firstReplyBusinessMedianMinutes],
    ['firstReplyBusinessP90', r.firstReplyBusinessP90Minutes],
    ['firstReplyCalendarMedian', r.firstReplyCalendarMedianMinutes],
    ['firstReplyCalendarP90', r.firstReplyCalendarP90Minutes],
    ['resolutionMedian', r.resolutionMedianMinutes],
  ] as const)
    await expect(value(page, id), id).toHaveText(mins(n));
  await expect(value(page, 'resolutionRate')).toHaveText(
    orNone(r.resolutionRatePct, (x) => formatPct(x, 'en')),
  );
  await expect(value(page, 'spamShare')).toHaveText(
    orNone(c.moderation.spamSharePct, (x) => formatPct(x, 'en')),
  );
  await expect(value(page, 'responseRate')).toHaveText(
    orNone(r.responseRatePct, (x) => formatPct(x, 'en')),
  );
  await expect(value(page, 'hoursTotal')).toHaveText(formatHoursShort(c.effort.totalSeconds, 'en'));
  // Volume per platform: one row per platform with its counts.
  const rows = page.getByTestId('platform-row');
  const platforms = [
    ...new Set([...c.volume.byPlatform, ...p.volume.byPlatform].map((x) => x.platform)),
  ];
  await expect(rows).toHaveCount(platforms.length);
  for (const bp of c.volume.byPlatform) {
    const cells = page.locator(`[data-testid="platform-row"][data-platform="${bp.platform}"] td`);
    await expect(cells.nth(0)).toHaveText(count(bp.conversations));
    await expect(cells.nth(1)).toHaveText(count(bp.messages));
  }
  // Weeks: the chart's table lists each week's counts.
  const weekRows = page.getByTestId('chart-byWeek-table').locator('tbody tr');
  await expect(weekRows).toHaveCount(c.volume.byWeek.length);
  for (let i = 0; i < c.volume.byWeek.length; i++) {
    await expect(weekRows.nth(i).locator('td').nth(0)).toHaveText(
      count(c.volume.byWeek[i]!.conversations),
    );
    await expect(weekRows.nth(i).locator('td').nth(1)).toHaveText(
      count(c.volume.byWeek[i]!.messages),
    );
  }
  // SLA attainment per metric.
  for (const s of c.sla) {
    const row = page.locator(`[data-testid="sla-row"][data-metric="${s.metric}"]`);
    await expect(row.getByTestId('sla-attainment')).toHaveText(
      orNone(s.attainmentPct, (x) => formatPct(x, 'en')),
    );
    await expect(row.locator('td').nth(1)).toHaveText(
      `${count(s.met)} met, ${count(s.breached)} breached`,
    );
    await expect(row.locator('td').nth(2)).toHaveText(mins(s.medianMinutes));
  }
  // Hours by agent: this period's hours per agent.
  const agentRows = page.getByTestId('chart-hoursByAgent-table').locator('tbody tr');
  for (const a of c.effort.byAgent) {
    const row = agentRows.filter({
      has: page.getByRole('rowheader', { name: a.name, exact: true }),
    });
    await expect(row.locator('td').nth(0)).toHaveText(formatHoursShort(a.seconds, 'en'));
  }
}

test('the tab shows exactly the figures reports.kpis returns, for one client in its contract zone and for all in UTC', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const clients =
    await server.rpc<{ id: number; name: string; timezone: string }[]>('clients.list');
  const client = clients.find((c) => c.name === 'Northwind Bank')!;
  const { contract } = await server.rpc<{ contract: { timeZone: string } | null }>(
    'time.contract',
    {
      clientId: client.id,
    },
  );
  const zone = contract?.timeZone ?? client.timezone;
  await openReports(page);

  // All clients: the current UTC month.
  const [uy, um] = monthNow('UTC');
  const allFrom = midnight('UTC', uy, um);
  const allTo = midnight('UTC', uy, um + 1);
  await shownFor(page, null, allFrom, allTo);
  const all = await server.rpc<ReportsKpis>('reports.kpis', {
    clientId: null,
    from: allFrom,
    to: allTo,
  });
  expect(all.current.volume.conversationsIn).toBeGreaterThan(0); // the demo has traffic this month
  await expectFigures(page, all);

  // One client: the same month in its contract's zone.
  await page.getByTestId('reports-client').selectOption(String(client.id));
  const [y, m] = [uy, um];
  const from = midnight(zone, y, m);
  const to = midnight(zone, y, m + 1);
  await shownFor(page, client.id, from, to);
  const one = await server.rpc<ReportsKpis>('reports.kpis', { clientId: client.id, from, to });
  await expectFigures(page, one);
  // SLA rows are the SLA report's numbers for the same client and period.
  const sla = await server.rpc<SlaMetricReport[]>('sla.report', { clientId: client.id, from, to });
  expect(one.current.sla).toEqual(sla);
  // Money: the contract month is priced as the time exports price it.
  const money = one.current.effort.money.find((x) => x.clientId === client.id)!;
  const card = page.locator(`[data-testid="money"][data-client="${client.id}"]`);
  if (money.months.length > 0) {
    await expect(card.getByTestId('money-billed')).toHaveText(
      formatHoursShort(money.billedSeconds, 'en'),
    );
    const total = new Intl.NumberFormat('en', {
      style: 'currency',
      currency: money.currency!,
    }).format(money.totalMinor! / 10 ** money.exponent!);
    await expect(card.getByTestId('money-total')).toHaveText(total);
  } else await expect(card.getByTestId('money-no-months')).toBeVisible();

  // A quarter in the same zone, and the previous period of the same length.
  await page.getByTestId('reports-kind-quarter').check();
  const q0 = Math.floor((m - 1) / 3) * 3 + 1;
  const qFrom = midnight(zone, y, q0);
  const qTo = midnight(zone, y, q0 + 3);
  await shownFor(page, client.id, qFrom, qTo);
  const quarter = await server.rpc<ReportsKpis>('reports.kpis', {
    clientId: client.id,
    from: qFrom,
    to: qTo,
  });
  await expectFigures(page, quarter);
  const len = Date.parse(qTo) - Date.parse(qFrom);
  expect(Date.parse(quarter.previous.from)).toBe(Date.parse(qFrom) - len);

  // A custom range: both days included; a range ending before it starts is refused on screen.
  await page.getByTestId('reports-kind-custom').check();
  await page.getByTestId('reports-from').fill('2026-11-02');
  await page.getByTestId('reports-to').fill('2026-11-20');
  await shownFor(page, client.id, midnight(zone, 2026, 11, 2), midnight(zone, 2026, 11, 21));
  await page.getByTestId('reports-to').fill('2026-11-01');
  await expect(page.getByTestId('reports-invalid')).toHaveText(
    'The period must end on or after the day it starts.',
  );
});

test('every figure has its how-computed text, reachable from the keyboard', async ({ page }) => {
  await openReports(page);
  await expect(page.getByTestId('reports-volume')).toBeVisible();
  const kpis = await page.locator('.kpi').count();
  expect(kpis).toBeGreaterThan(10);
  // Each figure's (?) button is described by its tooltip text.
  const how = page.getByTestId('kpi-conversationsIn').getByRole('button');
  await how.focus();
  const tip = page.getByTestId('kpi-conversationsIn').getByRole('tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(
    'Support conversations opened in the period (moderation items are counted under moderation).',
  );
  await expect(how).toHaveAccessibleDescription(
    'Support conversations opened in the period (moderation items are counted under moderation).',
  );
  for (const box of await page.locator('.kpi').all())
    await expect(box.getByRole('button')).toHaveAttribute('aria-describedby', /.+/);
});

test('feedback: a tagged member message becomes a theme with its trend and quote, which opens its conversation; CSV export', async ({
  page,
}) => {
  const clients = await server.rpc<{ id: number; name: string }[]>('clients.list');
  const client = clients.find((c) => c.name === 'Northwind Bank')!;
  const rows = await server.rpc<{ rows: { id: number; clientId: number; kind: string }[] }>(
    'queue.list',
    { limit: 500 },
  );
  const conv = rows.rows.find((r) => r.clientId === client.id && r.kind === 'support')!;
  const detail = await server.rpc<{
    conversation: { title: string };
    messages: { id: number; direction: string; bodyText: string }[];
  }>('conversations.get', { id: conv.id });
  const said = detail.messages.find((m) => m.direction === 'inbound')!;
  const theme = await server.rpc<{ id: number }>('tags.create', {
    clientId: client.id,
    name: 'Dark mode',
    kind: 'feature_request',
  });
  await server.rpc('feedback.tag', { messageId: said.id, tagId: theme.id });

  await openReports(page);
  await page.getByTestId('reports-client').selectOption(String(client.id));
  const shown = page.locator(`[data-testid="feedback-theme"][data-tag="${theme.id}"]`);
  await expect(shown.getByRole('heading')).toHaveText('Dark mode · Feature request');
  await expect(shown.getByTestId('theme-summary')).toHaveText(
    /^1 item from 1 member ▲ up \+1 · previous: 0$/,
  );
  await expect(shown.getByTestId('theme-change')).toHaveAttribute('data-direction', 'up');
  await expect(shown.getByTestId('theme-quote')).toHaveText(said.bodyText.trim().slice(0, 280), {
    useInnerText: false,
  });
  await expect(value(page, 'feedbackTotal')).toHaveText('1');

  // The CSV of the period's items downloads with the contract's file name.
  const download = page.waitForEvent('download');
  await page.getByTestId('feedback-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);

  // The quote's link opens its conversation in the queue.
  await shown.getByRole('button', { name: 'Open the conversation' }).click();
  await expect(page.getByTestId('conversation-title')).toHaveText(detail.conversation.title);
});

test('export client report: the month of the chosen client becomes a PDF in its language, with progress and where it was saved', async ({
  page,
}) => {
  await openReports(page);
  const clients = await server.rpc<{ id: number; name: string }[]>('clients.list');
  const client = clients[0]!;
  // No PDF for all clients: the report is one client's.
  await expect(page.getByTestId('report-pdf')).toHaveCount(0);
  await page.getByTestId('reports-client').selectOption(String(client.id));
  await page.getByTestId('report-paper').selectOption('letter');
  await page.getByTestId('report-language').selectOption('da');
  await page.getByTestId('report-pdf').click();
  const done = page.getByTestId('report-done');
  await expect(done).toBeVisible({ timeout: 60_000 });
  const path = /(\/\S+\.pdf)/.exec((await done.textContent()) ?? '')?.[1];
  expect(path).toMatch(/-report-da-letter\.pdf$/);
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(path!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Letter: 612 × 792 points.
  expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 612 792\]/);
  // Danish becomes the client's report language: the next export without a choice is in Danish.
  await page.getByTestId('report-language-save').click();
  await expect(page.getByTestId('report-language').locator('option').first()).toHaveText(
    'Client’s language (Danish)',
  );
  expect(await server.rpc('reports.language', { clientId: client.id })).toEqual({
    clientId: client.id,
    language: 'da',
  });
  await page.getByTestId('report-language').selectOption('');
  await page.getByTestId('report-paper').selectOption('a4');
  await page.getByTestId('report-pdf').click();
  await expect(done).toContainText('-report-da-a4.pdf', { timeout: 60_000 });
});

test('notable conversations: the account manager finds one by its words, adds it to the month’s report and removes it', async ({
  page,
}) => {
  await openReports(page);
  const clients = await server.rpc<{ id: number; name: string }[]>('clients.list');
  const client = clients[0]!;
  const list = await server.rpc<{ rows: { id: number; title: string }[] }>('queue.list', {
    clientIds: [client.id],
  });
  const target = list.rows[0]!;
  const conv = await server.rpc<{ messages: { bodyText: string; direction: string }[] }>(
    'conversations.get',
    { id: target.id },
  );
  const word = (conv.messages.find((m) => m.direction === 'inbound')?.bodyText ?? '')
    .split(/[^\p{L}]+/u)
    .sort((a, b) => b.length - a.length)[0]!;
  expect(word.length).toBeGreaterThan(3);
  await page.getByTestId('reports-client').selectOption(String(client.id));
  const month = await page.getByTestId('reports-month').inputValue();
  const notable = page.getByTestId('notable');
  await expect(notable).toContainText('None chosen');
  await notable.getByTestId('notable-search').fill(word);
  await notable.getByRole('button', { name: `Add “${target.title}”` }).click();
  await expect(notable.getByTestId('notable-list').locator('li')).toHaveCount(1);
  await expect(notable.getByTestId('notable-list')).toContainText(target.title);
  expect(await server.rpc('reports.notable', { clientId: client.id, month })).toEqual([
    { conversationId: target.id, note: '' },
  ]);
  await notable.getByRole('button', { name: `Remove ${target.title} from the report` }).click();
  await expect(notable).toContainText('None chosen');
  expect(await server.rpc('reports.notable', { clientId: client.id, month })).toEqual([]);
});
