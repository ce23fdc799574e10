import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the key format of the API under test (pure, node:crypto only)
import { generateApiKey } from '../../api/src/auth/access-roles';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the API's test OpenID provider (a child process; tests only)
import { type OidcTestProvider, startOidcProvider } from '../../api/test/support/oidc-provider/start-oidc-provider';
import { type ApiInstance, freePortInRange, startApiInstance } from './support/api-instance';

test.describe('sign-in with a company account, AUTH_MODE=oidc (a real OpenID provider)', () => {
  let provider: OidcTestProvider | null = null;
  let api: ApiInstance | null = null;

  test.beforeAll(async () => {
    provider = await startOidcProvider({
      port: await freePortInRange(),
      redirectUri: `${process.env['E2E_DASHBOARD_URL']}/auth/callback`,
    });
    api = await startApiInstance('api-oidc', {
      dbName: 'aura_e2e_oidc',
      adminKey: generateApiKey(),
      env: {
        AUTH_MODE: 'oidc',
        OIDC_ISSUER_URL: provider.issuer,
        OIDC_AUDIENCE: provider.audience,
        OIDC_CLIENT_ID: provider.dashboardClientId,
      },
    });
  });

  test.afterAll(async () => {
    await Promise.all([api?.stop(), provider?.stop()]);
  });

  /** A browser context whose dashboard talks to the AUTH_MODE=oidc instance (config.json answered here). */
  async function oidcContext(browser: Browser): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: process.env['E2E_DASHBOARD_URL'] });
    const backendUrl = api?.url ?? '';
    await context.route('**/config.json', (route) => route.fulfill({ json: { backendUrl, explorerUrl: '' } }));
    return context;
  }

  /** The dashboard's button, then the provider's own login and consent pages (any password). */
  async function signInAs(page: Page, account: string): Promise<void> {
    await page.goto('/');
    await page.getByTestId('oidc-sign-in').click();
    await expect(page).toHaveURL(new RegExp(`^${provider?.issuer}/interaction/`), { timeout: 15_000 });
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  test('alice signs in through the provider, sees live blocks and the admin page; nora is told she has no role', async ({
    browser,
  }) => {
    const aliceContext = await oidcContext(browser);
    const noraContext = await oidcContext(browser);
    try {
      const alice = await aliceContext.newPage();
      await signInAs(alice, 'alice');
      await expect(alice.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });
      // Back on the live page, the code and state gone from the address bar.
      expect(new URL(alice.url()).pathname).toBe('/');
      expect(alice.url()).not.toContain('code=');
      const blockNumber = alice.getByTestId('block-number');
      await expect(blockNumber).toHaveText(/^\d+$/, { timeout: 15_000 });
      const first = Number(await blockNumber.textContent());
      await expect
        .poll(async () => Number(await blockNumber.textContent()), { timeout: 15_000 })
        .toBeGreaterThan(first);
      await alice.getByTestId('admin-link').click();
      await expect(alice.getByTestId('admin-principal')).toContainText(/alice/i);
      await expect(alice.getByTestId('admin-principal')).toContainText('admin');

      const nora = await noraContext.newPage();
      await signInAs(nora, 'nora');
      await expect(nora.getByTestId('sign-in-message')).toHaveText(
        'Your account has no role in Aura Monitor: ask an administrator to give you one.',
        { timeout: 15_000 },
      );
      await expect(nora.getByTestId('oidc-sign-in')).toBeVisible();

      await alice.getByTestId('sign-out').click();
      await expect(alice.getByTestId('sign-in-message')).toHaveText('Signed out.');
      expect(await alice.evaluate(() => sessionStorage.length)).toBe(0);
    } finally {
      await Promise.all([aliceContext.close(), noraContext.close()]);
    }
  });
});
