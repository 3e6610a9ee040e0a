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

  test('Settings: a client’s catalogue — add themes, give a kind, merge one into another (its feedback moves), archive', async ({
    page,
  }) => {
    type Tag = {
      id: number;
      name: string;
      kind: string | null;
      archived: boolean;
      mergedIntoId: number | null;
      feedbackItems: number;
    };
    const clients = await server.rpc<{ id: number; name: string }[]>('clients.list');
    const client = clients[0]!;
    await openConsole(page, server);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('client-tab').filter({ hasText: client.name }).click();
    const card = page.getByTestId('client-tags');
    await card.scrollIntoViewIfNeeded();
    // The five built-in kinds are there from the start.
    await expect(card.getByTestId('tag-row')).toHaveCount(
      (await server.rpc<Tag[]>('tags.list', { clientId: client.id })).length,
    );
    for (const name of ['Night theme', 'dark UI']) {
      await card.getByTestId('tag-new-name').fill(name);
      await card.getByTestId('tag-create').click();
      await expect(
        card.locator(`[data-testid="tag-row"][data-tag="${name.toLowerCase()}"]`),
      ).toBeVisible();
    }
    const night = card.locator('[data-testid="tag-row"][data-tag="night theme"]');
    await night
      .getByRole('combobox', { name: 'Feedback kind of Night theme' })
      .selectOption('feature_request');
    // A member message tagged with "dark UI", then "dark UI" merged into "Night theme".
    const list = await server.rpc<{ rows: { id: number; clientId: number }[] }>('queue.list', {
      clientIds: [client.id],
    });
    const conv = await server.rpc<{ messages: { id: number; direction: string }[] }>(
      'conversations.get',
      { id: list.rows[0]!.id },
    );
    const said = conv.messages.find((m) => m.direction === 'inbound')!;
    await card
      .locator('[data-testid="tag-row"][data-tag="dark ui"]')
      .getByRole('combobox', { name: 'Feedback kind of dark UI' })
      .selectOption('praise');
    await expect
      .poll(async () =>
        (await server.rpc<Tag[]>('tags.list', { clientId: client.id })).map((x) => [
          x.name,
          x.kind,
        ]),
      )
      .toEqual(
        expect.arrayContaining([
          ['dark UI', 'praise'],
          ['Night theme', 'feature_request'],
        ]),
      );
    let tags = await server.rpc<Tag[]>('tags.list', { clientId: client.id });
    const dark = tags.find((x) => x.name === 'dark UI')!;
    await server.rpc('feedback.tag', { messageId: said.id, tagId: dark.id });
    const darkRow = card.locator('[data-testid="tag-row"][data-tag="dark ui"]');
    await darkRow.getByTestId('tag-merge-into').selectOption({ label: 'Night theme' });
    await darkRow.getByTestId('tag-merge').click();
    await expect(darkRow).toHaveCount(0);
    await expect(night.locator('td').nth(2)).toHaveText('1'); // the feedback item moved
    tags = await server.rpc<Tag[]>('tags.list', { clientId: client.id, includeArchived: true });
    const survivor = tags.find((x) => x.name === 'Night theme')!;
    expect(survivor).toMatchObject({ kind: 'feature_request', feedbackItems: 1 });
    // Renamed and archived from the same row.
    await night.getByTestId('tag-name').fill('Dark mode (app)');
    await night.getByTestId('tag-rename').click();
    const renamed = card.locator('[data-testid="tag-row"][data-tag="dark mode (app)"]');
    await expect(renamed).toBeVisible();
    await renamed.getByTestId('tag-archive').click();
    await expect(renamed.getByTestId('tag-archive')).toHaveText('Restore');
    tags = await server.rpc<Tag[]>('tags.list', { clientId: client.id, includeArchived: true });
    expect(tags.find((x) => x.id === survivor.id)).toMatchObject({
      name: 'Dark mode (app)',
      archived: true,
    });
  });
});
