// Accessibility in the journeys: axe-core checks the page as it is now against WCAG 2.0 and 2.1
// A and AA and fails on every serious or critical finding, naming the rule, where it is and why;
// and no badge's text may be cut.
// A page is checked once it has settled: its first heading shown and no loader left.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** Waits until the page shows its content: a heading, no «Загрузка…» left. */
export async function settled(page: Page) {
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
}

/** Runs axe on the page (or the part of it `include` selects) and fails on serious/critical findings. */
export async function expectAccessible(page: Page, name: string, options: { include?: string } = {}) {
  await settled(page);
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (options.include) builder = builder.include(options.include);
  const { violations } = await builder.analyze();
  const findings = violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}) at ${n.target.join(' ')} ${n.html.slice(0, 160)}: ${v.help}${
            n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}` : ''
          }`,
      ),
    );
  expect(findings, `axe on «${name}» (${page.url()})`).toEqual([]);
  // Nor is any badge's text cut short or spilling out of it: a state read by half its words.
  const cut = await page
    .locator('.mantine-Badge-label')
    .evaluateAll((labels) =>
      labels
        .filter((l) => (l as HTMLElement).offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
        .map((l) => l.textContent ?? ''),
    );
  expect(cut, `badges cut on «${name}» (${page.url()})`).toEqual([]);
}
