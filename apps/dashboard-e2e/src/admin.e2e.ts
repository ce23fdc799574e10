import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the key format of the API under test (pure, node:crypto only)
import { generateApiKey } from '../../api/src/auth/access-roles';
import { contrastRatios } from './contrast';
import { type ApiInstance, startApiInstance } from './support/api-instance';

test.describe('admin page, AUTH_MODE=off (the shared stack)', () => {
  test('opens cold at /admin with the follower state and the keys list, and links back to the live page', async ({
    page,
  }) => {
    await page.goto('/admin');
    await expect(page.getByTestId('follower-state')).toHaveText(/^(live|syncing|degraded|down)$/, { timeout: 15_000 });
    await expect(page.getByTestId('follower-head')).toHaveText(/^\d+$/);
    await expect(page.getByTestId('keys-table')).toBeVisible();
    await expect(page.getByTestId('keys-table').locator('tbody tr').first()).not.toHaveText('Loading…');
    await expect(page.getByTestId('panel-clients')).toBeVisible();
    await expect(page.getByTestId('sign-out')).toHaveCount(0);

    await page.getByTestId('live-link').click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });
    await expect(page.getByTestId('admin-link')).toBeVisible();
  });
});

test.describe('admin page, accessibility', () => {
  test('AA contrast in both themes, a key created with the keyboard only, no sideways scroll on a tablet', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto('/admin');
    await expect(page.getByTestId('follower-state')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('database-state')).toHaveText('up');
    await expect(page.getByTestId('clients-total')).toHaveText(/^\d+$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Keyboard only: from the name field through role and expiry to the button.
    await page.getByTestId('key-name').focus();
    await page.keyboard.type('e2e-keyboard');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('key-role')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('key-expires')).toBeFocused();
    // The date field takes one Tab per part (day, month, year; how many depends on the locale).
    const create = page.getByTestId('key-create');
    for (let tabs = 0; tabs < 4 && !(await create.evaluate((el) => el === document.activeElement)); tabs++) {
      await page.keyboard.press('Tab');
    }
    await expect(create).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('new-key')).toContainText('shown this once');
    await expect(page.getByTestId('audit-table').locator('tr[data-action="key.create"]').first()).toContainText(
      'e2e-keyboard',
    );

    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
      await page.screenshot({ path: test.info().outputPath(`admin-tablet-${theme}.png`), fullPage: true });
      const ratios = await contrastRatios(page, [
        'h1',
        'section.panel h2',
        '[data-testid="follower-state"]',
        '[data-testid="follower-endpoints"] td',
        '[data-testid="new-key"] strong',
        '[data-testid="key-create"]',
        '[data-testid="keys-table"] th',
        '[data-testid="keys-table"] td .muted',
        '[data-testid="live-link"]',
      ]);
      for (const { sel, ratio } of ratios) expect(ratio, `${theme}: ${sel}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

test.describe('sign-in and keys, AUTH_MODE=keys (a second API instance)', () => {
  const adminKey = generateApiKey();
  let api: ApiInstance | null = null;
  let apiUrl = '';

  test.beforeAll(async () => {
    api = await startApiInstance('api-keys', { dbName: 'aura_e2e_keys', adminKey, env: { AUTH_MODE: 'keys' } });
    apiUrl = api.url;
  });

  test.afterAll(async () => {
    await api?.stop();
  });

  /** A browser context whose dashboard talks to the AUTH_MODE=keys instance (config.json answered here). */
  async function keysContext(browser: Browser): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: process.env['E2E_DASHBOARD_URL'] });
    await context.route('**/config.json', (route) => route.fulfill({ json: { backendUrl: apiUrl, explorerUrl: '' } }));
    return context;
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto('/');
    await expect(page.getByTestId('sign-in')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('api-key').fill(key);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });
  }

  test('an admin creates a viewer key, the viewer sees live blocks, and revoking the key stops its feed', async ({
    browser,
  }) => {
    const adminContext = await keysContext(browser);
    const viewerContext = await keysContext(browser);
    try {
      const admin = await adminContext.newPage();
      await signIn(admin, adminKey);
      expect(admin.url()).not.toContain(adminKey);
      // Signed in, the admin's key is accepted by every call (the 401 before the sign-in is the sign-in screen's).
      const refused: string[] = [];
      admin.on('response', (r) => r.status() === 401 && refused.push(r.url()));

      await admin.getByTestId('admin-link').click();
      await expect(admin.getByTestId('admin-principal')).toHaveText('ADMIN_API_KEY · admin');
      await admin.getByTestId('key-name').fill('e2e-viewer');
      await admin.getByTestId('key-role').selectOption('viewer');
      await admin.getByTestId('key-create').click();
      const viewerKey = (await admin.getByTestId('new-key-value').textContent())?.trim() ?? '';
      expect(viewerKey).toMatch(/^aura_[A-Za-z0-9_-]{43}$/);
      await expect(admin.locator('tr[data-key="e2e-viewer"]')).toContainText('viewer');
      await admin.getByTestId('new-key-done').click();

      const viewer = await viewerContext.newPage();
      await signIn(viewer, viewerKey);
      await expect(viewer.getByTestId('admin-link')).toHaveCount(0);
      const blockNumber = viewer.getByTestId('block-number');
      await expect(blockNumber).toHaveText(/^\d+$/, { timeout: 15_000 });
      const first = Number(await blockNumber.textContent());
      await expect
        .poll(async () => Number(await blockNumber.textContent()), { timeout: 15_000 })
        .toBeGreaterThan(first);

      const row = admin.locator('tr[data-key="e2e-viewer"]');
      await row.getByTestId('key-revoke').click();
      await row.getByTestId('key-revoke-confirm').click();
      await expect(row).toHaveCount(0);

      // The viewer's socket is closed by the server: the feed stops and the sign-in says why.
      await expect(viewer.getByTestId('sign-in-message')).toContainText('Your key was revoked', { timeout: 15_000 });
      await expect(viewer.getByTestId('block-feed')).toHaveCount(0);
      await expect(admin.getByTestId('audit-table').locator('tr[data-action="key.revoke"]').first()).toContainText(
        'e2e-viewer',
      );
      expect(refused).toEqual([]);
    } finally {
      await Promise.all([adminContext.close(), viewerContext.close()]);
    }
  });
});
