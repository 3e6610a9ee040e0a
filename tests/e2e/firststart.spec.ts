// End-to-end: first start. With no agent chosen, the console asks who is using it; the chosen
// agent shows in the top bar and every change is recorded in the audit log under their id.
import { expect, test } from '@playwright/test';
import { StewardServer } from './server';

test('first start asks for name and e-mail; changes are audited under that agent', async ({
  page,
}) => {
  const server = await new StewardServer(StewardServer.tempDir(), [
    '--no-demo',
    '--first-start',
  ]).start();
  try {
    // Before anyone is chosen, a command is refused (no anonymous changes).
    const refused = await server.rpcRaw('clients.create', { name: 'Nobody' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    await page.goto(server.openUrl);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await page.getByTestId('welcome-name').fill('Mette Hansen');
    await page.getByTestId('welcome-email').fill('mette@agency.example');
    await page.getByTestId('welcome-submit').click();
    await expect(page.getByTestId('current-agent')).toContainText('Mette Hansen');
    await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });

    const client = await server.rpc<{ id: number }>('clients.create', { name: 'Acme' });
    const info = await server.rpc<{ agent: { id: number } }>('app.info', {});
    const events = await server.rpc<{ action: string; actorId: number | null; entity: string }[]>(
      'audit.list',
      { limit: 10 },
    );
    const created = events.find((e) => e.action === 'client.create');
    expect(created?.actorId).toBe(info.agent.id);
    expect(client.id).toBeGreaterThan(0);
  } finally {
    await server.stop();
    server.cleanup();
  }
});
