import type { Page } from '@playwright/test';

/**
 * The contrast ratio (WCAG 2 relative luminance) of the first element of each selector's text against the
 * background it sits on; 0 for a selector that matches nothing.
 */
export function contrastRatios(page: Page, selectors: string[]): Promise<{ sel: string; ratio: number }[]> {
  return page.evaluate((selectors) => {
    const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c)
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    };
    const background = (el: Element | null): string => {
      for (let e = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return bg;
      }
      return 'rgb(255, 255, 255)';
    };
    return selectors.map((sel) => {
      const el = document.querySelector(sel);
      if (!el) return { sel, ratio: 0 };
      const [a, b] = [lum(getComputedStyle(el).color), lum(background(el))];
      return { sel, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
    });
  }, selectors);
}
