// End-to-end: moderation in the queue against the Reddit simulator (Reddit's wire format). A reported
// post appears under the Moderation filter and is removed with a reason from the keyboard; the action
// reaches Reddit once and shows as done (the pane's accessibility is checked in a11y.spec.ts).
import { expect, test, type Page } from '@playwright/test';
import type { RedditSimulator } from '../../electron/demo/simulators/reddit';
import { startWithReportedPost } from './redditSource';
import type { StewardServer } from './server';

async function openConsole(page: Page, server: StewardServer) {
  await page.goto(server.openUrl);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
}

test.describe('moderation of a subreddit', () => {
  let env: Awaited<ReturnType<typeof startWithReportedPost>>;
  let sim: RedditSimulator;
  let server: StewardServer;
  let postName = '';
  test.beforeAll(async () => {
    env = await startWithReportedPost();
    ({ sim, server, postName } = env);
  });
  test.afterAll(async () => {
    await env.close();
  });

  test('a reported post appears under Moderation and is removed with a reason from the keyboard', async ({
    page,
  }) => {
    await openConsole(page, server);
    await expect(page.getByTestId('queue-row')).toHaveCount(2);
    await page.locator('[data-testid="filter-kind"][data-kind="moderation"]').check();
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
    await expect(page.getByTestId('row-moderation')).toBeVisible();
    await page.keyboard.press('Escape'); // leave the filter radio: shortcuts are ignored while in a field
    await page.keyboard.press('j');
    await expect(page.getByTestId('moderation-state')).toContainText('2');
    await expect(page.getByTestId('moderation-reasons')).toHaveText('Spam');
    await page.keyboard.press('Shift+X');
    const reason = page.getByTestId('moderation-reason');
    await expect(reason).toBeFocused();
    await page.keyboard.press('Enter'); // no reason yet: refused in the form
    await expect(page.getByTestId('moderation-error')).toBeVisible();
    await page.keyboard.type('Rule 2: no advertising');
    await page.keyboard.press('Enter');
    await expect(
      page.locator('[data-testid="moderation-action"][data-kind="remove"]'),
    ).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
    expect(sim.thing(postName)!.removed).toBe(true);
    expect(sim.requests().filter((r) => r.path === '/api/remove')).toHaveLength(1);
    const note = sim.requests().find((r) => r.path === '/api/v1/modactions/removal_reasons');
    expect(JSON.stringify(note?.body ?? {})).toContain('Rule 2: no advertising');
    // Solved by the removal: the Moderation filter is empty, Support still has the member's question.
    await expect(page.getByTestId('queue-row')).toHaveCount(0);
    await page.locator('[data-testid="filter-kind"][data-kind="support"]').check();
    await expect(page.getByTestId('queue-row')).toHaveCount(1);
  });
});
