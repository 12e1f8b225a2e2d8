// Drives the debugger page in headless Chromium (Debian's) with playwright-core:
//   node debug_page.mjs URL PIN OUTDIR
// Checks the exception, the app frame with its source, the PIN lock (a wrong
// PIN is refused, the right one unlocks) and the console evaluating
// `request.path`; saves screenshots into OUTDIR.
import { chromium } from 'playwright-core';
import path from 'node:path';

const [url, pin, outdir] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const response = await page.goto(url);
  check(response.status() === 500, `page status is 500 (got ${response.status()})`);
  const type = await page.textContent('h1.exception-type');
  check(type.includes('std::runtime_error'), `exception type shown: ${type}`);
  const message = await page.textContent('p.errormsg');
  check(message.includes('boom from the view'), `exception message shown: ${message}`);
  const appFrames = await page.locator('.frame.app').count();
  check(appFrames >= 1, `app frames with source: ${appFrames}`);
  const current = await page.locator('.frame.app pre.source span.current').first().textContent();
  check(current.includes('throw'), `the throwing line is highlighted: ${current.trim()}`);
  await page.screenshot({ path: path.join(outdir, 'debug-page.png'), fullPage: true });

  await page.fill('#pin', '000-000-000');
  await page.click('#pin-form button');
  await page.waitForFunction(() => document.querySelector('#pin-form .error').textContent.length > 0);
  const refused = await page.textContent('#pin-form .error');
  check(refused.includes('Incorrect PIN'), `a wrong PIN is refused: ${refused}`);
  check(await page.locator('#console').isHidden(), 'the console stays locked after a wrong PIN');

  await page.fill('#pin', pin);
  await page.click('#pin-form button');
  await page.waitForSelector('#console', { state: 'visible' });
  check(true, 'the right PIN unlocks the console');

  for (const [expr, expected] of [['request.path', "'/boom'"], ["request.args.get('x')", "'42'"],
                                  ['request.method', "'GET'"], ['1 + 2 * 3', '7']]) {
    await page.fill('#console-input', expr);
    await page.press('#console-input', 'Enter');
    const result = page.locator('pre.console-result').last();
    await page.waitForFunction((e) => {
      const all = document.querySelectorAll('pre.console-result');
      return all.length && all[all.length - 1].textContent.startsWith('>>> ' + e);
    }, expr);
    const text = await result.textContent();
    check(text.trim().endsWith(expected), `console: ${expr} -> ${text.split('\n').slice(1).join(' ')}`);
  }
  await page.screenshot({ path: path.join(outdir, 'debug-console.png'), fullPage: true });
} catch (e) {
  check(false, `browser step failed: ${e.message}`);
} finally {
  await browser.close();
}
console.log(`${failures.length === 0 ? 'browser checks passed' : failures.length + ' browser checks failed'}`);
process.exit(failures.length === 0 ? 0 : 1);
