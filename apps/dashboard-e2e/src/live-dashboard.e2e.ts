import { expect, test } from '@playwright/test';

test.describe('live dashboard against the running stack', () => {
  test('connects, shows the latest block, and the block number advances', async ({ page }) => {
    const apiUrl = process.env['E2E_API_URL'] as string;
    await page.goto('/');
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });

    const blockNumber = page.getByTestId('block-number');
    await expect(blockNumber).toHaveText(/^\d+$/, { timeout: 15_000 });
    const first = Number(await blockNumber.textContent());
    // The node mines every second: the number must move on within a few seconds, without a reload.
    await expect.poll(async () => Number(await blockNumber.textContent()), { timeout: 15_000 }).toBeGreaterThan(first);

    // What the page shows is what the API stored.
    const shown = Number(await blockNumber.textContent());
    const health = await (await fetch(`${apiUrl}/api/monitor/health`)).json();
    expect(health.chain.lastProcessed).toBeGreaterThanOrEqual(shown);
    await expect(page.getByTestId('block-hash')).toHaveText(/^0x[0-9a-f]{64}$/);

    // The stat cards are filled from the REST API (zero is a real value on a fresh chain).
    await expect(page.getByTestId('total-badges')).toHaveText(/^\d+$/);
    await page.screenshot({ path: test.info().outputPath('dashboard.png'), fullPage: true });
  });
});
