// End-to-end: a client's voice in Chromium against browser mode (real server, SQLite, the demo's
// Discourse simulator). The demo voices are seeded through the contract over HTTP (seedVoice, as
// the demo room calls it); then an agent types `#refund`, picks it, fills the prompted input, sees
// the studio's guideline flag "users", fixes it with Alt+1, and sends.
import { expect, test, type Page } from '@playwright/test';
import { seedVoice } from '../../electron/demo/voice';
import { StewardServer } from './server';

async function openConsole(page: Page, server: StewardServer) {
  await page.goto(server.openUrl);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
}

test.describe('canned responses and the brand guideline in the composer', () => {
  let server: StewardServer;
  let studio: { id: number; name: string };
  test.beforeAll(async () => {
    server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
    const clients = await server.rpc<{ id: number; name: string }[]>('clients.list');
    await seedVoice((m, i) => server.rpcRaw(m, i), clients);
    studio = clients.find((c) => c.name === 'Pixel Forge Games')!;
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
  });

  test('type #refund, pick it, fill the input, fix the guideline error with one key, send', async ({
    page,
  }) => {
    await openConsole(page, server);
    // The demo forums are polled once the core starts: wait for the queue, then narrow it to the studio.
    await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
    await page.locator(`[data-testid="filter-client"][data-client-id="${studio.id}"]`).check();
    const row = page.getByTestId('queue-row').first();
    await row.click();
    const id = Number(await row.getAttribute('data-conversation-id'));
    const box = page.getByTestId('composer');
    await expect(box).toBeVisible();
    await box.click();
    await page.keyboard.type('#refund');
    await expect(page.getByTestId('canned-option').first()).toHaveAttribute(
      'data-shortcut',
      'refund',
    );
    await page.keyboard.press('Enter');
    // The prompted input takes focus; the unfilled input is a highlighted hole that blocks Send.
    await expect(page.getByTestId('holes')).toContainText('Order number');
    await expect(page.locator('.composer-highlights mark.hole')).toHaveText(
      '{{input "Order number"}}',
    );
    const input = page.getByTestId('prompted-input');
    await expect(input).toBeFocused();
    await page.keyboard.type('A-1001');
    await expect(box).toHaveValue(/We have refunded order A-1001\./);
    await expect(page.getByTestId('holes')).toHaveCount(0);
    // The agent adds a sentence in the wrong voice: the guideline flags it inline.
    await box.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nAll users get the patch tonight.');
    const finding = page.locator('[data-testid="finding"][data-rule="players"]');
    await expect(finding).toContainText('We say "players", never "users"');
    await expect(page.locator('.composer-highlights mark.sev-error')).toHaveText('users');
    await page.keyboard.press('Alt+1');
    await expect(box).toHaveValue(/All players get the patch tonight\.$/);
    await expect(page.locator('[data-testid="finding"][data-severity="error"]')).toHaveCount(0);
    await page.keyboard.press('Control+Enter');
    await expect(box).toHaveValue('');
    const sent = page
      .getByTestId('message')
      .filter({ hasText: 'All players get the patch tonight.' });
    await expect(sent).toHaveCount(1);
    await expect(sent).toContainText('A-1001');
    // The use was counted for this agent and client.
    const lib = await server.rpc<{
      responses: { id: string; shortcut: string }[];
      usage: Record<string, number>;
    }>('responses.library', { clientId: studio.id });
    const refund = lib.responses.find((r) => r.shortcut === 'refund')!;
    expect(lib.usage[refund.id]).toBe(1);
    const detail = await server.rpc<{ messages: { direction: string; bodyText: string }[] }>(
      'conversations.get',
      { id },
    );
    expect(
      detail.messages
        .filter((m) => m.direction === 'outbound')
        .map((m) => m.bodyText)
        .join('\n'),
    ).toContain('All players get the patch tonight.');
  });
});
