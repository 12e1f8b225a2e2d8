// Flaskr in headless Chromium (Debian's) through playwright-core:
//   node flaskr.mjs BASE_URL OUTDIR
// Registers, logs in, creates, edits and deletes a post, as a user would,
// saving a screenshot after each step into OUTDIR.
import { chromium } from 'playwright-core';
import path from 'node:path';

const [base, outdir] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}
const shot = (page, name) => page.screenshot({ path: path.join(outdir, `flaskr-${name}.png`), fullPage: true });
// The form's own button (the nav has links with similar words).
const submit = (page, label) => page.click(`main form button[type=submit]:has-text("${label}")`);

const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on('dialog', (dialog) => dialog.accept());  // "Are you sure?" before deleting

  await page.goto(base + '/');
  check((await page.content()).includes('Register'), 'the index offers Register when logged out');
  await shot(page, '1-index');

  await page.click('text=Register');
  await page.fill('input[name=username]', 'alice');
  await page.fill('input[name=password]', 'wonderland');
  await shot(page, '2-register');
  await submit(page, 'Create account');
  await page.waitForURL('**/auth/login');
  check(true, 'registering leads to the login page');

  await page.fill('input[name=username]', 'alice');
  await page.fill('input[name=password]', 'wrong');
  await submit(page, 'Log in');
  check((await page.content()).includes('Incorrect password.'), 'a wrong password is flashed');

  await page.fill('input[name=username]', 'alice');
  await page.fill('input[name=password]', 'wonderland');
  await submit(page, 'Log in');
  await page.waitForURL(base + '/');
  check((await page.content()).includes('alice') && (await page.content()).includes('Log Out'),
        'logged in: the nav shows the user and Log Out');
  await shot(page, '3-logged-in');

  await page.click('text=Write a post');
  await page.fill('input[name=title]', 'Down the rabbit hole');
  await page.fill('textarea[name=body]', 'Curiouser and curiouser.');
  await shot(page, '4-create');
  await submit(page, 'Publish');
  await page.waitForURL(base + '/');
  check((await page.content()).includes('Down the rabbit hole'), 'the new post is on the index');
  await shot(page, '5-created');

  await page.click('text=Edit');
  await page.fill('input[name=title]', 'Through the looking glass');
  await submit(page, 'Save');
  await page.waitForURL(base + '/');
  const edited = await page.content();
  check(edited.includes('Through the looking glass') && !edited.includes('Down the rabbit hole'),
        'the edited title replaces the old one');
  await shot(page, '6-edited');

  await page.click('text=Edit');
  await submit(page, 'Delete');
  await page.waitForURL(base + '/');
  check(!(await page.content()).includes('Through the looking glass'), 'the deleted post is gone');
  await shot(page, '7-deleted');

  await page.click('text=Log Out');
  check((await page.content()).includes('Log In'), 'logging out shows Log In again');
} catch (e) {
  check(false, `browser step failed: ${e.message}`);
} finally {
  await browser.close();
}
console.log(failures.length === 0 ? 'flaskr browser checks passed' : `${failures.length} flaskr browser checks failed`);
process.exit(failures.length === 0 ? 0 : 1);
