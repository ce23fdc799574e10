import { expect, type Page, test } from '@playwright/test';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the key format of the API under test (pure, node:crypto only)
import { generateApiKey } from '../../api/src/auth/access-roles';
import { type ApiInstance, startApiInstance } from './support/api-instance';

test.describe("Swagger UI's Authorize button, AUTH_MODE=keys", () => {
  const adminKey = generateApiKey();
  let api: ApiInstance | null = null;

  test.beforeAll(async () => {
    api = await startApiInstance('api-swagger', { dbName: 'aura_e2e_swagger', adminKey, env: { AUTH_MODE: 'keys' } });
  });

  test.afterAll(async () => {
    await api?.stop();
  });

  /** GET /api/monitor/stats through "Try it out": the status Swagger UI shows. */
  async function tryStats(page: Page): Promise<string> {
    const operation = page.locator('.opblock', {
      has: page.locator('.opblock-summary-path[data-path="/api/monitor/stats"]'),
    });
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await expect(status).toHaveText(/^\d{3}/, { timeout: 15_000 });
    return ((await status.textContent()) ?? '').trim();
  }

  test('refuses "Try it out" without authorizing', async ({ page }) => {
    await page.goto(`${api?.url}/api/docs`);
    expect(await tryStats(page)).toMatch(/^401/);
  });

  test('answers 200 once the admin key is entered for the bearer scheme', async ({ page }) => {
    await page.goto(`${api?.url}/api/docs`);
    await page.locator('.auth-wrapper button.authorize').click();
    const bearer = page.locator('.modal-ux .auth-container', { has: page.locator('h4', { hasText: 'bearer' }) });
    await bearer.locator('input').fill(adminKey);
    // Swagger UI labels these buttons for screen readers ("Apply credentials"), not with their visible text.
    await bearer.locator('button.authorize').click();
    await expect(bearer.locator('button', { hasText: 'Logout' })).toBeVisible();
    await bearer.locator('button.btn-done').click();
    await expect(page.locator('.modal-ux')).toHaveCount(0);
    expect(await tryStats(page)).toMatch(/^200/);
  });
});
