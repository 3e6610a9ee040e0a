// End-to-end: tagging a member message as feedback from the keyboard in Chromium against browser mode
// (real server, real SQLite, the demo agency's simulators). `f` opens the picker on the latest member
// message, `2` tags it a feature request, typing a new theme and `Enter` creates and tags it, the chips
// show on the message, and one is removed; the core's own records are checked over the contract.
import { expect, test, type Page } from '@playwright/test';
import { StewardServer } from './server';

async function openConsole(page: Page, server: StewardServer) {
  await page.goto(server.openUrl);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
}

type Item = { id: number; messageId: number; tagName: string; kind: string; builtin: boolean };

test.describe('feedback from the conversation pane', () => {
  let server: StewardServer;
  test.beforeAll(async () => {
    server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
  });
  test.afterAll(async () => {
    await server.stop();
    server.cleanup();
  });

  test('f, then 1–5 or a theme, tags the member message; the chip shows and is removable', async ({
    page,
  }) => {
    await openConsole(page, server);
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
    await page.keyboard.press('j');
    const pane = page.getByTestId('conversation-pane');
    await expect(
      pane.locator('[data-testid="message"][data-direction="inbound"]').first(),
    ).toBeVisible();
    const convId = Number(await pane.getAttribute('data-conversation-id'));
    const lastInbound = pane.locator('[data-testid="message"][data-direction="inbound"]').last();
    const messageId = Number(await lastInbound.getAttribute('data-message-id'));

    await page.keyboard.press('f');
    const picker = page.getByTestId('feedback-picker');
    await expect(picker).toBeVisible();
    await expect(page.getByTestId('feedback-search')).toBeFocused();
    await page.keyboard.press('2'); // feature request
    await expect(picker).toBeHidden();
    await expect(lastInbound.getByTestId('feedback-chip')).toHaveText(/Feature request/);

    // A new theme: typed, created with the chosen kind, and tagged with Enter.
    await page.keyboard.press('f');
    await expect(page.getByTestId('feedback-search')).toBeFocused();
    await page.keyboard.type('Dark mode');
    await expect(page.getByTestId('feedback-options').getByRole('option')).toHaveText([
      /New theme “Dark mode” \(Feature request\)/,
    ]);
    await page.keyboard.press('Enter');
    await expect(picker).toBeHidden();
    await expect(lastInbound.getByTestId('feedback-chip')).toHaveCount(2);

    let items = await server.rpc<Item[]>('feedback.forConversation', { conversationId: convId });
    expect(items.map((i) => [i.messageId, i.tagName, i.kind, i.builtin])).toEqual([
      [messageId, 'feature request', 'feature_request', true],
      [messageId, 'Dark mode', 'feature_request', false],
    ]);

    // The theme is now in the catalogue: typing part of it finds it first (a new theme is offered after it).
    await page.keyboard.press('f');
    await page.keyboard.type('dark');
    await expect(page.getByTestId('feedback-options').getByRole('option')).toHaveText([
      /Dark mode · Feature request/,
      /New theme “dark”/,
    ]);
    await expect(page.getByTestId('feedback-options').getByRole('option').first()).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();

    // Removable from the message.
    await lastInbound
      .getByRole('button', { name: 'Remove the feedback tag Feature request' })
      .click();
    await expect(lastInbound.getByTestId('feedback-chip')).toHaveCount(1);
    items = await server.rpc<Item[]>('feedback.forConversation', { conversationId: convId });
    expect(items.map((i) => i.tagName)).toEqual(['Dark mode']);
  });
});
