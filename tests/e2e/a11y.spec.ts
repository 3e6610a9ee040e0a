// End-to-end accessibility: axe-core (through @axe-core/playwright) on every screen of the console in
// Chromium against browser mode, in the light and the dark colour scheme — WCAG 2.0/2.1 A and AA
// rules; no serious or critical violation may remain. A new screen is one more
// `await expectAccessible(page, 'name')` once it is on screen.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startWithReportedPost } from './redditSource';
import { seedVoice } from '../../electron/demo/voice';
import { StewardServer } from './server';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/** The violations as a readable list: rule, impact, help URL, and each offending node with its summary. */
export function formatViolations(screen: string, violations: AxeResults['violations']): string {
  if (violations.length === 0) return `${screen}: no violations`;
  const lines = [`${screen}: ${violations.length} rule(s) violated`];
  for (const v of violations) {
    lines.push(
      `- [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.nodes.length} node(s)) ${v.helpUrl}`,
    );
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`    ${n.target.join(' ')}`);
      if (n.failureSummary) lines.push(...n.failureSummary.split('\n').map((l) => `      ${l}`));
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
  }
  return lines.join('\n');
}

/**
 * Runs axe on what `page` shows now, in the light and then the dark colour scheme (the page is left
 * in light), and fails with a readable report of every serious or critical violation. With
 * A11Y_SCREENSHOTS=<dir> it also saves a screenshot of the screen in each scheme there.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const dir = process.env.A11Y_SCREENSHOTS;
  const reports: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const name = `${screen} (${colorScheme})`;
    if (dir) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({
        path: join(dir, `${screen.replace(/[^\w-]+/g, '-')}-${colorScheme}.png`),
      });
    }
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
    if (blocking.length > 0) reports.push(formatViolations(name, blocking));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  expect(reports.length, reports.join('\n\n')).toBe(0);
}

async function openConsole(page: Page, server: StewardServer) {
  await page.goto(server.openUrl);
  await expect(page).toHaveTitle(/Steward/);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
}

test.describe('every screen is accessible (WCAG 2.1 A/AA: no serious or critical violation)', () => {
  let server: StewardServer;
  test.beforeAll(async () => {
    server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
  });

  test('queue', async ({ page }) => {
    await openConsole(page, server);
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
    await expectAccessible(page, 'queue');
  });

  test('open conversation with the composer', async ({ page }) => {
    await openConsole(page, server);
    await page.getByTestId('queue-row').first().click();
    await expect(page.getByTestId('composer')).toBeVisible();
    await expect(page.getByTestId('message').first()).toBeVisible();
    await expectAccessible(page, 'conversation');
  });

  test('shortcut help dialog', async ({ page }) => {
    await openConsole(page, server);
    await page.locator('body').press('?');
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    await expectAccessible(page, 'shortcut-help');
  });

  test('conversation pane with the feedback picker open', async ({ page }) => {
    await openConsole(page, server);
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
    await page.keyboard.press('j');
    await expect(page.getByTestId('message').first()).toBeVisible();
    await page.keyboard.press('f');
    await expect(page.getByTestId('feedback-picker')).toBeVisible();
    await page.keyboard.type('d'); // the theme list and the create option show
    await expectAccessible(page, 'feedback-picker');
  });

  test('SLA board, by client and by agent', async ({ page }) => {
    await openConsole(page, server);
    await page.getByTestId('nav-board').click();
    await expect(page.getByTestId('sla-board')).toBeVisible();
    await expectAccessible(page, 'sla-board-by-client');
    await page.getByRole('button', { name: 'By agent' }).click();
    await expectAccessible(page, 'sla-board-by-agent');
  });

  test('Reports: all clients, one client with its money, a quarter, the tooltip of a figure shown', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // One feedback theme with a quote, so the feedback section shows its theme list.
    const client = (await server.rpc<{ id: number; name: string }[]>('clients.list')).find(
      (c) => c.name === 'Northwind Bank',
    )!;
    const rows = await server.rpc<{ rows: { id: number; clientId: number; kind: string }[] }>(
      'queue.list',
      { limit: 500 },
    );
    const conv = rows.rows.find((r) => r.clientId === client.id && r.kind === 'support')!;
    const detail = await server.rpc<{ messages: { id: number; direction: string }[] }>(
      'conversations.get',
      { id: conv.id },
    );
    const theme = await server.rpc<{ id: number }>('tags.create', {
      clientId: client.id,
      name: 'Reports a11y theme',
      kind: 'praise',
    });
    await server.rpc('feedback.tag', {
      messageId: detail.messages.find((m) => m.direction === 'inbound')!.id,
      tagId: theme.id,
    });
    await openConsole(page, server);
    await page.getByTestId('nav-reports').click();
    await expect(page.getByTestId('reports-sla')).toBeVisible();
    await expectAccessible(page, 'reports-all-clients');
    await page.getByTestId('reports-client').selectOption({ label: 'Northwind Bank' });
    await expect(page.getByTestId('money').first()).toBeVisible();
    await expect(page.getByTestId('feedback-theme').first()).toBeVisible();
    await expect(page.getByTestId('reports')).toHaveAttribute('aria-busy', 'false');
    await expectAccessible(page, 'reports-client');
    await page.getByTestId('reports-kind-quarter').check();
    await expect(page.getByTestId('reports-quarter')).toBeVisible();
    await page.getByTestId('kpi-messagesIn').getByRole('button').focus();
    await expect(page.getByTestId('kpi-messagesIn').getByRole('tooltip')).toBeVisible();
    await expectAccessible(page, 'reports-quarter-tooltip');
  });

  test('Settings: general, sources with the generated source form, every client with its SLA editor', async ({
    page,
  }) => {
    // Six demo clients, each checked in both schemes: ~35 s alone, more on a loaded machine.
    test.setTimeout(150_000);
    await openConsole(page, server);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('settings')).toBeVisible();
    await expect(page.getByTestId('source-row').first()).toBeVisible();
    await expect(page.getByTestId('add-source')).toBeVisible();
    await page.getByTestId('platform-select').selectOption({ label: 'Discourse' });
    await expect(page.getByTestId('field-apiKey')).toBeVisible();
    await expect(page.getByTestId('sla-editor')).toBeVisible();
    await expectAccessible(page, 'settings');
    // The generated form with its errors announced, a failed Test connection, and an existing source's editor.
    const form = page.getByTestId('add-source');
    await form.getByTestId('save-source').click();
    await expect(page.getByTestId('source-form-error')).toBeVisible();
    await form.getByTestId('field-baseUrl').fill('http://127.0.0.1:9');
    await form.getByTestId('test-connection').click();
    await expect(form.getByTestId('test-result')).toBeVisible({ timeout: 20_000 });
    await form.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'settings-source-form');
    await page.getByTestId('edit-source-button').first().click();
    await expect(page.getByTestId('edit-source')).toBeVisible();
    await page.getByTestId('remove-source').first().click();
    await expect(page.getByTestId('confirm-remove')).toBeVisible();
    await expectAccessible(page, 'settings-source-edit');
    await page.getByRole('button', { name: 'Cancel' }).first().click();
    const tabs = page.getByTestId('client-tab');
    const n = await tabs.count();
    expect(n).toBeGreaterThan(1);
    for (let i = 0; i < n; i++) {
      await tabs.nth(i).click();
      await expect(tabs.nth(i)).toHaveAttribute('aria-pressed', 'true');
      await page.getByTestId('sla-editor').scrollIntoViewIfNeeded();
      await expectAccessible(page, `settings-client-${i + 1}`);
    }
  });

  test('Time: the timer start dialog, a running timer, the entry dialog, the week with entries, periods and export', async ({
    page,
  }) => {
    await openConsole(page, server);
    await page.keyboard.press('t');
    await expect(page.getByTestId('timer-dialog')).toBeVisible();
    await expectAccessible(page, 'time-timer-dialog');
    await page.getByTestId('timer-note').fill('Monthly report');
    await page.getByTestId('timer-go').click();
    await expect(page.getByTestId('timer-running')).toBeVisible();
    await page.getByTestId('nav-time').click();
    await expect(page.getByTestId('time-view')).toBeVisible();
    await page.getByTestId('entry-add').click();
    await expect(page.getByTestId('entry-dialog')).toBeVisible();
    await expectAccessible(page, 'time-entry-dialog');
    await page.getByTestId('entry-minutes').fill('45');
    await page.getByTestId('entry-note').fill('Call with the client');
    await page.getByTestId('entry-save').click();
    await expect(page.getByTestId('entry-dialog')).toHaveCount(0);
    await expect(page.getByTestId('week-row').first()).toBeVisible();
    await expect(page.getByTestId('period-row').first()).toBeVisible();
    await expectAccessible(page, 'time-week');
    await page.keyboard.press('t');
    await expect(page.getByTestId('timer-start')).toBeVisible();
  });
});

test.describe('moderation pane (reported item, actions, reason form, action log)', () => {
  let env: Awaited<ReturnType<typeof startWithReportedPost>>;
  test.beforeAll(async () => {
    env = await startWithReportedPost();
  });
  test.afterAll(async () => {
    await env.close();
  });

  test('moderation item with its form and a done action', async ({ page }) => {
    await openConsole(page, env.server);
    await page.locator('[data-testid="filter-kind"][data-kind="moderation"]').check();
    await page.getByTestId('queue-row').first().click();
    await expect(page.getByTestId('moderation-state')).toBeVisible();
    await page.getByTestId('moderate-approve').click();
    await expect(page.getByTestId('moderation-form')).toBeVisible();
    await expectAccessible(page, 'moderation-form');
    await page.getByTestId('moderation-submit').click();
    await expect(page.locator('[data-testid="moderation-action"][data-state="done"]')).toHaveCount(
      1,
      { timeout: 15_000 },
    );
    await expectAccessible(page, 'moderation-done');
  });
});

test.describe('client voice screens are accessible', () => {
  let server: StewardServer;
  test.beforeAll(async () => {
    server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
    await seedVoice(
      (m, i) => server.rpcRaw(m, i),
      await server.rpc<{ id: number; name: string }[]>('clients.list'),
    );
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
  });

  test('composer: the # picker, findings with fixes, prompted inputs and the override reason', async ({
    page,
  }) => {
    await openConsole(page, server);
    await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('queue-row').first().click();
    const box = page.getByTestId('composer');
    await box.click();
    await page.keyboard.type('#');
    await expect(page.getByTestId('canned-option').first()).toBeVisible();
    await expectAccessible(page, 'composer-picker');
    await page.keyboard.type('refund');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('prompted-input')).toBeVisible();
    await box.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' users guarantee http://evil.example 🎉!!');
    await expect(page.getByTestId('finding').first()).toBeVisible();
    await page.getByTestId('send-button').click();
    await expectAccessible(page, 'composer-findings');
  });

  test('Settings: canned responses (list, editor, import errors) and the guideline editor with its preview', async ({
    page,
  }) => {
    await openConsole(page, server);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('canned-settings')).toBeVisible();
    await expect(page.getByTestId('response-row').first()).toBeVisible();
    await page.getByTestId('response-row').first().getByRole('button', { name: /^Edit/ }).click();
    await expect(page.getByTestId('response-editor')).toBeVisible();
    await page.getByTestId('import-responses').setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('id,shortcut,title,locale,body\nx,has space,T,en,Hi\n'),
    });
    await expect(page.getByTestId('import-errors')).toContainText('row 1 (line 2): shortcut');
    await page
      .getByTestId('guideline-sample')
      .fill('Here is a discount code for you: see https://evil.example now.');
    await expect(page.locator('[data-testid="guideline-preview"] mark').first()).toBeVisible();
    await page.getByTestId('canned-settings').scrollIntoViewIfNeeded();
    await expectAccessible(page, 'settings-canned-responses');
    await page.getByTestId('guideline-settings').scrollIntoViewIfNeeded();
    await expectAccessible(page, 'settings-guideline');
  });
});

test.describe('SLA toasts', () => {
  let server: StewardServer;
  test.beforeAll(async () => {
    server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
  });

  test('a burst of breaches shows at most three toasts and a counter, never over the composer', async ({
    page,
  }) => {
    await openConsole(page, server);
    await page.getByTestId('queue-row').first().click();
    await expect(page.getByTestId('composer')).toBeVisible();
    // A one-minute calendar-time first reply for every client: the SLA monitor (every 15 s) breaches them all.
    for (const client of await server.rpc<{ id: number }[]>('clients.list')) {
      await server.rpc('sla.savePolicy', {
        clientId: client.id,
        policy: {
          name: 'Strict',
          targets: { first_reply: { normal: { minutes: 1, mode: 'calendar' } } },
        },
      });
    }
    const more = page.getByTestId('toast-more');
    await expect(more).toBeVisible({ timeout: 30_000 });
    await expect(more).toContainText(/^\+\d+ more/);
    await expect(page.getByTestId('toast')).toHaveCount(3);

    const composer = (await page.locator('form.composer').boundingBox())!;
    for (const box of [
      await more.boundingBox(),
      ...(await Promise.all((await page.getByTestId('toast').all()).map((t) => t.boundingBox()))),
    ]) {
      const b = box!;
      const overlaps =
        b.x < composer.x + composer.width &&
        composer.x < b.x + b.width &&
        b.y < composer.y + composer.height &&
        composer.y < b.y + b.height;
      expect(
        overlaps,
        `toast at ${JSON.stringify(b)} overlaps the composer at ${JSON.stringify(composer)}`,
      ).toBe(false);
    }
    // Send is what a click at its centre reaches.
    const send = page.getByTestId('send-button');
    const s = (await send.boundingBox())!;
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.getAttribute('data-testid') ?? null,
      [s.x + s.width / 2, s.y + s.height / 2],
    );
    expect(hit).toBe('send-button');
    await expectAccessible(page, 'toasts');
  });

  test('the SLA board with breached clocks (cards, reassignment)', async ({ page }) => {
    await openConsole(page, server);
    await page.getByTestId('nav-board').click();
    await expect(
      page.locator('[data-testid="board-card"][data-state="breached"]').first(),
    ).toBeVisible({ timeout: 30_000 });
    await expectAccessible(page, 'sla-board-breached');
  });
});
