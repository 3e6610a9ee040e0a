// End-to-end: the console in Chromium against browser mode (real server, real SQLite, real
// Discourse simulator speaking the Discourse wire format).
import { expect, test, type Page } from '@playwright/test';
import {
  startDiscourseSimulator,
  type DiscourseSimulator,
} from '../../electron/demo/simulators/discourse';
import { StewardServer } from './server';

async function openConsole(page: Page, server: StewardServer) {
  await page.goto(server.openUrl);
  await expect(page).toHaveTitle(/Steward/);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
}

const selectedRow = (page: Page) => page.locator('[data-testid="queue-row"][aria-selected="true"]');

test.describe('demo workspace', () => {
  let server: StewardServer;
  test.beforeAll(async () => {
    server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
  });

  test('the demo queue appears across several clients, labelled as demo', async ({ page }) => {
    await openConsole(page, server);
    const rows = page.locator('[data-testid="queue-row"]');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(5);
    await expect(page.getByText(/demo/i).first()).toBeVisible();
    const clients = await server.rpc<{ name: string }[]>('clients.list');
    expect(clients.length).toBeGreaterThanOrEqual(4);
    // Rows from more than one client are in the one queue.
    const text = await page.locator('[data-testid="queue-row"]').allInnerTexts();
    const seen = clients.filter((c) => text.some((t) => t.includes(c.name)));
    expect(seen.length).toBeGreaterThan(1);
  });

  test('Discourse, Reddit, Discord, Slack and e-mail items share the one queue', async ({
    page,
  }) => {
    await openConsole(page, server);
    // The demo's eight sources are polled by the core from the local simulators.
    await expect
      .poll(
        async () =>
          new Set(
            (
              await server.rpc<{ rows: { platform: string }[] }>('queue.list', { limit: 500 })
            ).rows.map((r) => r.platform),
          ).size,
        { timeout: 30_000 },
      )
      .toBe(5);
    const clients = await server.rpc<{ name: string; isDemo: boolean }[]>('clients.list');
    expect(clients.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Nebula Arcade', 'Brewly Coffee', 'Northwind Bank']),
    );
    expect(clients.every((c) => c.isDemo)).toBe(true);
    // The console renders that one queue (what the rows show is queue.list's first page).
    await expect(page.locator('[data-testid="queue-row"]').first()).toBeVisible();
  });

  test('the page loads with no failed request and serves its icon', async ({ page }) => {
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
    await openConsole(page, server);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('./favicon.svg');
    const icon = await page.request.get(new URL(href!, page.url()).toString());
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<svg');
    // The browser may fetch the icon or not (headless); a guessed /favicon.ico would be a 404 here.
    expect(failed).toEqual([]);
  });

  test('j / k / Enter navigate the queue and the pane follows', async ({ page }) => {
    await openConsole(page, server);
    await page.locator('body').click();
    await page.keyboard.press('j');
    const first = await selectedRow(page).getAttribute('data-conversation-id');
    expect(first).not.toBeNull();
    await page.keyboard.press('j');
    const second = await selectedRow(page).getAttribute('data-conversation-id');
    expect(second).not.toBe(first);
    const detail = await server.rpc<{ conversation: { title: string } }>('conversations.get', {
      id: Number(second),
    });
    await expect(page.getByTestId('conversation-title')).toHaveText(detail.conversation.title);
    await page.keyboard.press('k');
    await expect(selectedRow(page)).toHaveAttribute('data-conversation-id', first!);
    await page.keyboard.press('Enter');
    const firstDetail = await server.rpc<{ conversation: { title: string } }>('conversations.get', {
      id: Number(first),
    });
    await expect(page.getByTestId('conversation-title')).toHaveText(firstDetail.conversation.title);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-help')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-help')).toBeHidden();
  });
});

test.describe('the generated source form', () => {
  let sim: DiscourseSimulator;
  let server: StewardServer;
  const KEY = 'k-pixel-secret-9876543210';
  test.beforeAll(async () => {
    sim = await startDiscourseSimulator({});
    sim.addSite({ slug: 'pixel', apiKey: KEY, apiUsername: 'pixel_bot', title: 'Pixel Forum' });
    sim.seed('pixel', { topics: 2 });
    server = await new StewardServer(StewardServer.tempDir(), ['--no-demo']).start();
    await server.rpc('clients.create', {
      name: 'Pixel',
      timezone: 'Europe/Copenhagen',
      firstReplyMinutes: 120,
    });
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
    await sim.close();
  });

  test('adds a Discourse source, tests it (ok, then a wrong key: the translated auth reason) and removes it', async ({
    page,
  }) => {
    await openConsole(page, server);
    await page.getByTestId('nav-settings').click();
    const form = page.getByTestId('add-source');
    await form.getByTestId('platform-select').selectOption({ label: 'Discourse' });
    await form.getByTestId('field-name').fill('Pixel Forum');
    await form.getByTestId('field-baseUrl').fill(sim.siteUrl('pixel'));
    await form.getByLabel(/API username/).fill('pixel_bot');
    await form.getByLabel(/API key/).fill(KEY);
    await form.getByTestId('test-connection').click();
    await expect(form.getByTestId('test-result')).toHaveAttribute('data-ok', 'true');
    await expect(form.getByTestId('test-result')).toContainText('Connected as pixel_bot');
    await form.getByTestId('save-source').click();
    await expect(form.getByTestId('source-added')).toBeVisible();
    const row = page.getByTestId('source-row').filter({ hasText: 'Pixel Forum' });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('source-health')).toHaveText(/OK|Syncing/, { timeout: 20_000 });

    // The saved source: its key shows as set, never as a value; a wrong key fails with the translated reason.
    await row.getByTestId('edit-source-button').click();
    const edit = page.getByTestId('edit-source');
    await expect(edit.getByTestId('secret-set-apiKey')).toBeVisible();
    await edit.getByTestId('test-connection').click();
    await expect(edit.getByTestId('test-result')).toHaveAttribute('data-ok', 'true');
    await edit.getByRole('button', { name: 'replace' }).click();
    await edit.getByLabel(/API key/).fill('k-wrong-0000000000');
    await edit.getByTestId('test-connection').click();
    await expect(edit.getByTestId('test-result')).toHaveAttribute('data-reason', 'auth');
    await expect(edit.getByTestId('test-result')).toContainText(
      'The platform refused the credentials',
    );
    await page.getByTestId('language-select').selectOption('da');
    await edit.getByTestId('test-connection').click();
    await expect(edit.getByTestId('test-result')).toContainText(
      'Platformen afviste legitimationen',
    );
    await page.getByTestId('language-select').selectOption('en');
    expect(await page.content()).not.toContain(KEY);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await row.getByTestId('remove-source').click();
    await page.getByTestId('confirm-remove-yes').click();
    await expect(page.getByTestId('source-row').filter({ hasText: 'Pixel Forum' })).toHaveCount(0);
    expect(await server.rpc<unknown[]>('sources.list')).toEqual([]);
  });
});

test.describe('a real Discourse source', () => {
  let sim: DiscourseSimulator;
  let server: StewardServer;
  test.beforeAll(async () => {
    sim = await startDiscourseSimulator({});
    sim.addSite({
      slug: 'acme',
      apiKey: 'k-acme-secret-0123456789',
      apiUsername: 'agent_bot',
      title: 'Acme Forum',
    });
    sim.seed('acme', { topics: 6 });
    server = await new StewardServer(StewardServer.tempDir(), ['--no-demo']).start();
    const client = await server.rpc<{ id: number }>('clients.create', {
      name: 'Acme',
      timezone: 'Europe/Copenhagen',
      firstReplyMinutes: 120,
    });
    await server.rpc('sources.add', {
      clientId: client.id,
      platform: 'discourse',
      name: 'Acme Forum',
      baseUrl: sim.siteUrl('acme'),
      config: { apiUsername: 'agent_bot' },
      secrets: { apiKey: 'k-acme-secret-0123456789' },
    });
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
    await sim.close();
  });

  test('a reply typed and sent reaches the forum exactly once, and the key never reaches the page', async ({
    page,
  }) => {
    await openConsole(page, server);
    await expect(page.locator('[data-testid="queue-row"]').first()).toBeVisible({
      timeout: 20_000,
    });
    await page.locator('body').click();
    await page.keyboard.press('j');
    const id = Number(await selectedRow(page).getAttribute('data-conversation-id'));
    const detail = await server.rpc<{ conversation: { externalId: string } }>('conversations.get', {
      id,
    });
    const postsBefore = sim.requests('acme').filter((r) => r.method === 'POST').length;

    await page.keyboard.press('r');
    await expect(page.getByTestId('composer')).toBeFocused();
    const reply = `Thanks for the report — we are on it (${Date.now()}).`;
    await page.keyboard.type(reply);
    await page.getByTestId('send-button').click();
    const sent = page
      .locator('[data-testid="message"][data-direction="outbound"]')
      .filter({ hasText: reply });
    await expect(sent).toHaveAttribute('data-delivery-state', 'sent', { timeout: 20_000 });

    const posts = sim.requests('acme').filter((r) => r.method === 'POST');
    expect(posts.length - postsBefore).toBe(1);
    const onForum = sim.posts('acme').filter((p) => p.raw === reply);
    expect(onForum).toHaveLength(1);
    expect(String(onForum[0]!.topic_id)).toBe(detail.conversation.externalId);

    const html = await page.content();
    expect(html).not.toContain('k-acme-secret-0123456789');
    const sources = await server.rpc<unknown[]>('sources.list');
    expect(JSON.stringify(sources)).not.toContain('k-acme-secret-0123456789');
  });

  test('a status change survives a restart of the server', async ({ page }) => {
    await openConsole(page, server);
    await page.locator('body').click();
    await page.keyboard.press('j');
    const id = Number(await selectedRow(page).getAttribute('data-conversation-id'));
    await page.getByTestId('status-select').selectOption('pending');
    await expect
      .poll(
        async () =>
          (await server.rpc<{ conversation: { status: string } }>('conversations.get', { id }))
            .conversation.status,
      )
      .toBe('pending');

    await server.stop();
    await server.start();
    await openConsole(page, server);
    const after = await server.rpc<{ conversation: { status: string } }>('conversations.get', {
      id,
    });
    expect(after.conversation.status).toBe('pending');
    await page.locator('body').click();
    const pendingRow = page.locator(`[data-testid="queue-row"][data-conversation-id="${id}"]`);
    await expect(pendingRow).toBeVisible();
    await pendingRow.click();
    await expect(page.getByTestId('status-select')).toHaveValue('pending');
  });

  test('the SLA board shows breached clocks by client and reassigns from the board', async ({
    page,
  }) => {
    const [client] = await server.rpc<{ id: number }[]>('clients.list');
    // A one-minute calendar-time first reply: every seeded question is breached.
    await server.rpc('sla.savePolicy', {
      clientId: client!.id,
      policy: {
        name: 'Strict',
        targets: { first_reply: { normal: { minutes: 1, mode: 'calendar' } } },
      },
    });
    await openConsole(page, server);
    await page.getByRole('button', { name: 'SLA board' }).click();
    const board = page.getByTestId('sla-board');
    await expect(board).toBeVisible();
    const breached = board.locator('[data-testid="board-card"][data-state="breached"]');
    await expect(breached.first()).toBeVisible();
    const title = (await breached.first().locator('.title').innerText()).trim();
    await breached.first().locator('select').selectOption({ label: 'E2E Agent' });
    await expect
      .poll(async () => {
        const rows = await server.rpc<{ title: string; assigneeName: string | null }[]>(
          'sla.board',
          {},
        );
        return rows.find((r) => r.title === title)?.assigneeName;
      })
      .toBe('E2E Agent');
    await page.getByRole('button', { name: 'By agent' }).click();
    await expect(board.getByRole('heading', { name: 'E2E Agent' })).toBeVisible();
  });
});
