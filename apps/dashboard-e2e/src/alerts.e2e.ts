import { expect, type Page, test } from '@playwright/test';
import { Interface, type InterfaceAbi, Wallet } from 'ethers';

import { AURA_BADGE } from '@aura/contracts';

import { contrastRatios } from './contrast';

/** Hardhat's first account: unlocked on the node and the badge contract's minter. */
const MINTER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

async function mintBadge(to: string): Promise<void> {
  const data = new Interface(AURA_BADGE.abi as InterfaceAbi).encodeFunctionData('mint', [to]);
  const res = await fetch(process.env['E2E_RPC_URL'] as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_sendTransaction',
      params: [{ from: MINTER, to: process.env['E2E_BADGE'], data, gas: '0x40000' }],
    }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
}

async function openTab(page: Page, tab: 'rules' | 'channels' | 'deliveries'): Promise<void> {
  await page.getByTestId(`alerts-tab-${tab}`).click();
  await expect(page.getByTestId(`alerts-tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

async function expectContrast(page: Page, name: string, selectors: string[]): Promise<void> {
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset['theme'] = t), theme);
    await page.screenshot({ path: test.info().outputPath(`${name}-${theme}.png`), fullPage: true });
    for (const { sel, ratio } of await contrastRatios(page, selectors)) {
      expect(ratio, `${theme}: ${sel}`).toBeGreaterThanOrEqual(4.5);
    }
  }
}

test.describe('alerting, AUTH_MODE=off (the shared stack)', () => {
  test('a dashboard channel and a "badge minted" rule made in the admin page: a mint shows a toast, and the delivery is logged as delivered', async ({
    page,
  }) => {
    const suffix = Wallet.createRandom().address.slice(2, 8).toLowerCase();
    const channelName = `e2e wall ${suffix}`;
    const ruleName = `badge minted ${suffix}`;
    const recipient = Wallet.createRandom().address.toLowerCase();

    await page.goto('/admin');
    await expect(page.getByTestId('panel-alerts')).toBeVisible({ timeout: 15_000 });
    // The status line above the tabs: the evaluator against the stored head, deliveries waiting and dead.
    await expect(page.getByTestId('alerting-evaluator')).toContainText(/Evaluator (at block \d+|: no block)/, {
      timeout: 10_000,
    });
    await expect(page.getByTestId('alerting-waiting')).toContainText('waiting');

    // The channel.
    await openTab(page, 'channels');
    await page.getByTestId('channel-new').click();
    await page.getByTestId('channel-name').fill(channelName);
    await page.getByTestId('channel-type').selectOption('dashboard');
    await page.getByTestId('channel-save').click();
    const channelRow = page.locator(`tr[data-channel="${channelName}"]`);
    await expect(channelRow).toContainText('Dashboard', { timeout: 10_000 });

    // The rule, by the keyboard from the tabs (arrow keys move between them).
    await page.getByTestId('alerts-tab-channels').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('alerts-tab-rules')).toBeFocused();
    await expect(page.getByTestId('alerts-tab-rules')).toHaveAttribute('aria-selected', 'true');
    await page.getByTestId('rule-new').click();
    // Checked before sending: the form says what is missing, beside the field.
    await page.getByTestId('rule-save').click();
    await expect(page.locator('#rule-err-name')).toContainText('must be a string of 1 to 100 characters');
    await expect(page.getByTestId('rule-name')).toBeFocused();
    await expectContrast(page, 'alerts-rule-form', [
      '#rule-err-name',
      '#rule-hint-addresses',
      'aura-alert-rule-form legend',
      'aura-alert-rule-form label',
      '[data-testid="rule-save"]',
    ]);
    await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'));
    await page.getByTestId('rule-name').fill(ruleName);
    await expect(page.getByTestId('rule-kind')).toHaveValue('token_event');
    await expect(page.getByTestId('rule-event-badge_minted')).toBeChecked();
    await page.getByTestId('rule-addresses').fill(recipient);
    await page.getByTestId(`rule-channel-${channelName}`).check();
    await page.getByTestId('rule-save').click();
    const ruleRow = page.locator(`tr[data-rule="${ruleName}"]`);
    await expect(ruleRow).toContainText('Badge minted for', { timeout: 10_000 });
    await expect(ruleRow).toContainText(channelName);
    await expect(ruleRow).toContainText('at the tip');
    await expectContrast(page, 'alerts-rules', [
      '[data-testid="alerts-tab-rules"]',
      '[data-testid="alerts-tab-channels"]',
      '[data-testid="rules-table"] th',
      `tr[data-rule="${ruleName}"] td`,
      `tr[data-rule="${ruleName}"] .sev`,
      '[data-testid="rule-new"]',
    ]);
    await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'));

    // The live page receives the alert over the socket while it is open.
    await page.getByTestId('live-link').click();
    await expect(page.getByTestId('connection-state')).toHaveText('Live', { timeout: 15_000 });
    await mintBadge(recipient);
    const toast = page.getByTestId('alert-toast').filter({ hasText: ruleName });
    await expect(toast).toBeVisible({ timeout: 20_000 });
    await expect(toast).toHaveAttribute('data-severity', 'warning');
    await expect(page.getByTestId('alert-toasts')).toHaveAttribute('aria-live', 'polite');
    const recent = page.getByTestId('recent-alerts').locator(`li[data-rule="${ruleName}"]`);
    await expect(recent).toHaveAttribute('data-kind', 'fired');
    // Hovered it stays; the dismiss button closes it.
    await toast.hover();
    await expectContrast(page, 'live-toast', [
      `[data-testid="alert-toast"][data-severity="warning"] .title`,
      `[data-testid="alert-toast"][data-severity="warning"] .sev`,
      `[data-testid="alert-toast"][data-severity="warning"] .head`,
    ]);
    await toast.getByRole('button', { name: /^Dismiss alert/ }).click();
    await expect(toast).toHaveCount(0);
    await expect(recent).toBeVisible();

    // The delivery log says it was delivered (the panel reads it again every 5 s).
    await page.getByTestId('admin-link').click();
    await openTab(page, 'deliveries');
    await page.getByTestId('deliveries-rule').selectOption({ label: ruleName });
    const delivery = page.locator(`tr[data-rule="${ruleName}"]`).first();
    await expect(delivery).toHaveAttribute('data-status', 'delivered', { timeout: 15_000 });
    await expect(delivery).toContainText(channelName);
    await expect(delivery.getByTestId('delivery-status')).toHaveText('delivered');
    await page.screenshot({ path: test.info().outputPath('alerts-deliveries.png'), fullPage: true });
  });
});
