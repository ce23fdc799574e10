import { expect, type Page, test } from '@playwright/test';
import { Interface, type InterfaceAbi, Wallet } from 'ethers';

import { AURA_BADGE } from '@aura/contracts';

import { contrastRatios } from './contrast';

const apiUrl = () => process.env['E2E_API_URL'] as string;
/** Hardhat's first account: unlocked on the node and the badge contract's minter. */
const MINTER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const res = await fetch(process.env['E2E_RPC_URL'] as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result as T;
}

async function mintBadge(to: string): Promise<string> {
  const data = new Interface(AURA_BADGE.abi as InterfaceAbi).encodeFunctionData('mint', [to]);
  return rpc<string>('eth_sendTransaction', [{ from: MINTER, to: process.env['E2E_BADGE'], data, gas: '0x40000' }]);
}

async function control(action: 'stop' | 'start'): Promise<void> {
  const res = await fetch(`${process.env['E2E_CONTROL_URL']}/api/${action}`, { method: 'POST' });
  expect(res.status, await res.text()).toBe(200);
}

async function openLive(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });
}

/** Block numbers shown in the feed, newest first. */
async function feedBlocks(page: Page): Promise<number[]> {
  return page
    .getByTestId('block-feed')
    .locator('li[data-block]')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-block'))));
}

test.describe('live dashboard against the running stack', () => {
  test('the stat cards fill, and the block number advances without a reload', async ({ page }) => {
    await openLive(page);
    const blockNumber = page.getByTestId('block-number');
    await expect(blockNumber).toHaveText(/^\d+$/, { timeout: 15_000 });
    const first = Number(await blockNumber.textContent());
    // The node mines every second: the number must move on within a few seconds.
    await expect.poll(async () => Number(await blockNumber.textContent()), { timeout: 15_000 }).toBeGreaterThan(first);

    // What the page shows is what the API stored.
    const shown = Number(await blockNumber.textContent());
    const health = await (await fetch(`${apiUrl()}/api/monitor/health`)).json();
    expect(health.chain.lastProcessed).toBeGreaterThanOrEqual(shown);
    for (const id of ['total-users', 'total-badges', 'total-passports', 'recent-badges', 'block-transactions']) {
      await expect(page.getByTestId(id)).toHaveText(/^\d+$/);
    }
    await expect(page.getByTestId('block-gas')).toHaveText(/^[\d,]+$/);
  });

  test('a badge minted on the chain appears in the feed within 5 s, and its address opens a detail view', async ({
    page,
  }) => {
    await openLive(page);
    const recipient = Wallet.createRandom().address.toLowerCase();
    await mintBadge(recipient);
    const item = page.getByTestId('token-feed').locator(`li[data-address="${recipient}"]`);
    await expect(item).toBeVisible({ timeout: 5_000 });
    await expect(item).toContainText('Badge minted');

    // Filter by that address: only its items stay.
    await page.getByTestId('address-filter').fill(recipient);
    await page.getByTestId('address-filter').press('Enter');
    await expect(page.getByTestId('token-feed').locator('li[data-address]')).toHaveCount(1);
    await page.getByTestId('address-filter').fill('0x123');
    await page.getByTestId('address-filter').press('Enter');
    await expect(page.locator('#filter-help')).toHaveText('Enter a full 0x address (42 characters)');
    await page.getByRole('button', { name: 'Clear filter' }).click();

    await item.getByRole('button').click();
    const panel = page.getByTestId('detail-panel');
    await expect(panel).toContainText(recipient);
    await expect(panel.getByTestId('detail-badges')).toHaveText('1');
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
  });

  test('pause freezes the feeds and resume shows what arrived meanwhile', async ({ page }) => {
    await openLive(page);
    await expect.poll(async () => (await feedBlocks(page)).length, { timeout: 15_000 }).toBeGreaterThan(1);
    await page.getByTestId('pause').click();
    const frozen = await feedBlocks(page);
    await page.waitForTimeout(2_500); // two or more blocks are mined meanwhile
    expect(await feedBlocks(page)).toEqual(frozen);
    await expect(page.getByTestId('pause')).toContainText(/Resume \(\d+ new\)/);
    await page.getByTestId('pause').click();
    await expect.poll(async () => (await feedBlocks(page))[0] ?? 0).toBeGreaterThan(frozen[0] ?? 0);
  });

  test('API stopped → "Reconnecting…" with a countdown → API back → live again with no block missing in the feed', async ({
    page,
  }) => {
    await openLive(page);
    await expect.poll(async () => (await feedBlocks(page)).length, { timeout: 15_000 }).toBeGreaterThan(2);
    await control('stop');
    await expect(page.getByTestId('connection-state')).toHaveText('Reconnecting…', { timeout: 10_000 });
    await expect(page.getByTestId('retry-countdown')).toHaveText(/retry in \d+ s/);
    const before = await feedBlocks(page);
    await page.waitForTimeout(3_000); // blocks are mined while the API is down
    await control('start');
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 45_000 });

    // The feed catches up past the outage, and every height between is there.
    const head = Number(await (await fetch(`${apiUrl()}/api/monitor/stats`)).json().then((s) => s.block_height));
    await expect.poll(async () => (await feedBlocks(page))[0] ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(head);
    const after = await feedBlocks(page);
    expect(after[0]).toBeGreaterThan((before[0] ?? 0) + 2);
    for (let i = 1; i < after.length; i++) expect(after[i]).toBe((after[i - 1] as number) - 1);
  });

  test('screenshots in light and dark themes', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openLive(page);
    await expect(page.getByTestId('block-number')).toHaveText(/^\d+$/, { timeout: 15_000 });
    // Some activity, so that the pictures show the feeds and charts at work.
    const recipients = [0, 1, 2].map(() => Wallet.createRandom().address.toLowerCase());
    for (const r of recipients) await mintBadge(r);
    await page.evaluate(() => localStorage.setItem('aura-theme', 'light'));
    await page.reload();
    await expect(page.getByTestId('token-feed').locator(`li[data-address="${recipients[2]}"]`)).toBeVisible({
      timeout: 10_000,
    });
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: test.info().outputPath('dashboard-light.png'), fullPage: true });
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.waitForTimeout(500);
    await page.screenshot({ path: test.info().outputPath('dashboard-dark.png'), fullPage: true });
    // The text colour differs from the background in both (a theme that applied).
    const colours = await page.evaluate(() => [
      getComputedStyle(document.body).backgroundColor,
      getComputedStyle(document.body).color,
    ]);
    expect(colours[0]).not.toBe(colours[1]);
  });

  test('accessible: AA contrast in both themes, keyboard to a detail view, no sideways scroll on a tablet', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await openLive(page);
    await expect.poll(async () => (await feedBlocks(page)).length, { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: test.info().outputPath('dashboard-tablet.png'), fullPage: true });

    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
      // Contrast of each kind of text against the background it sits on (WCAG 2 relative luminance).
      const ratios = await contrastRatios(page, [
        'h1',
        '.card h2',
        '.card .value',
        '[data-testid="block-feed"] li.newest .muted',
        '[data-testid="block-feed"] li:not(.newest) .muted',
        '.controls label',
        '#filter-help',
      ]);
      for (const { sel, ratio } of ratios) expect(ratio, `${theme}: ${sel}`).toBeGreaterThanOrEqual(4.5);
    }

    // Keyboard only: tab to the first block and open its detail with Enter; Escape closes it.
    const firstBlock = page.getByTestId('block-feed').locator('li[data-block] button').first();
    await firstBlock.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('detail-panel')).toBeVisible();
    await expect(page.locator('#detail-heading')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('detail-panel')).toHaveCount(0);
  });
});
