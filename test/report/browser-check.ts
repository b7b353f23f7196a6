// Opens a report.html in headless Chromium (Debian's /usr/bin/chromium through playwright-core) and reports what
// rendered: image sizes, SVG boxes, every tagged number and text, and a screenshot. Test helper only.
import { pathToFileURL } from 'node:url';
import { chromiumSkipReason, withChromium } from '../helpers/chromium.ts';

// Runs inside the page (written as text because the project compiles without the DOM library).
const COLLECT_SCRIPT = `(async () => {
  await Promise.all(Array.from(document.images).map((img) => img.decode().catch(() => undefined)));
  const svgImagesDecoded = await Promise.all(Array.from(document.querySelectorAll('svg image')).map((node) => {
    const img = new Image();
    img.src = node.getAttribute('href') || '';
    return img.decode().then(() => img.naturalWidth > 0, () => false);
  }));
  return {
    images: Array.from(document.images).map((img) => ({ alt: img.alt, naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, complete: img.complete })),
    svgs: Array.from(document.querySelectorAll('svg')).filter((svg) => !svg.parentElement.closest('svg')).map((svg) => {
      const box = svg.getBoundingClientRect();
      return { label: svg.getAttribute('aria-label') || '', width: box.width, height: box.height, imagesInside: svg.querySelectorAll('image').length };
    }),
    numbers: Array.from(document.querySelectorAll('[data-result]')).map((el) => ({
      path: el.getAttribute('data-result'), digits: Number(el.getAttribute('data-digits')), text: el.textContent,
    })),
    texts: Array.from(document.querySelectorAll('[data-result-text]')).map((el) => ({ path: el.getAttribute('data-result-text'), text: el.textContent })),
    tables: document.querySelectorAll('table').length,
    svgImagesDecoded,
  };
})()`;

/** Why the browser check cannot run here, or undefined when it can. */
export function browserSkipReason(): string | undefined {
  return chromiumSkipReason('the report is not opened in a browser');
}

/** What the page showed once loaded. */
export interface RenderedReport {
  images: Array<{ alt: string; naturalWidth: number; naturalHeight: number; complete: boolean }>;
  svgs: Array<{ label: string; width: number; height: number; imagesInside: number }>;
  numbers: Array<{ path: string; digits: number; text: string }>;
  texts: Array<{ path: string; text: string }>;
  tables: number;
  /** For each <image> inside an SVG: whether its embedded PNG decodes to a picture wider than 0. */
  svgImagesDecoded: boolean[];
  screenshot: Buffer;
  requests: string[];
}

/** Loads each file in one fresh headless Chromium profile, waits for every image, and collects what rendered. */
export async function renderInBrowser(htmlPaths: readonly string[]): Promise<RenderedReport[]> {
  return withChromium(async (context) => {
    const rendered: RenderedReport[] = [];
    for (const htmlPath of htmlPaths) {
      const page = await context.newPage();
      const url = pathToFileURL(htmlPath).href;
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== url) requests.push(r.url());
      });
      await page.goto(url, { waitUntil: 'load' });
      const found = (await page.evaluate(COLLECT_SCRIPT)) as Omit<RenderedReport, 'screenshot' | 'requests'>;
      const screenshot = await page.screenshot({ fullPage: true });
      rendered.push({ ...found, screenshot, requests });
      await page.close();
    }
    return rendered;
  });
}

/** Every way the rendered page fails to show its pictures or disagrees with results.json (empty when all is well). */
export function reportProblems(page: RenderedReport, results: unknown): string[] {
  const problems: string[] = [];
  for (const img of page.images) {
    if (!(img.naturalWidth > 0 && img.naturalHeight > 0))
      problems.push(`image '${img.alt}' did not load (naturalWidth ${img.naturalWidth})`);
  }
  for (const svg of page.svgs) {
    if (!(svg.width > 0 && svg.height > 0))
      problems.push(`svg '${svg.label}' rendered with size ${svg.width}x${svg.height}`);
  }
  page.svgImagesDecoded.forEach((ok, i) => {
    if (!ok) problems.push(`picture ${i} inside an svg did not decode`);
  });
  for (const n of page.numbers) {
    const expected = lookup(results, n.path);
    const shown = Number(n.text.replace(/,/g, ''));
    if (typeof expected !== 'number')
      problems.push(`page shows ${n.text} for '${n.path}', results.json has ${JSON.stringify(expected)}`);
    else if (!(Math.abs(shown - expected) <= 0.5 * 10 ** -n.digits + 1e-12))
      problems.push(`page shows ${n.text} for '${n.path}', results.json has ${expected}`);
  }
  for (const t of page.texts) {
    const expected = lookup(results, t.path);
    if (t.text !== expected) problems.push(`text for '${t.path}' differs from results.json`);
  }
  for (const url of page.requests) problems.push(`the page fetched ${url}; a report must be self-contained`);
  return problems;
}

/** A dotted-path lookup written independently of src/report, so the check does not trust the code it checks. */
function lookup(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}
