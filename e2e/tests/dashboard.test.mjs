// The dashboard in a real browser: what a learner does, then the database read back by the CLI.
//
// One browser for the file; each test a fresh context (cookies, language) and a screenshot.
// Tests run in order on one database (run.sh starts the server on a fresh home), so each one
// checks its own change rather than absolute totals where an earlier test could add to them.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { BASE_URL, accessibilityViolations, cli, launch, open, screenshot } from './browser.mjs';

const TOPIC = 's1.math.eigen';
const PAGES = ['/', '/roadmap', `/topics/${TOPIC}`, '/plan', '/labs', '/exercises', '/stats'];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Runs `body` on a fresh page, always closing it and reporting the page's own errors. */
async function withPage(name, body) {
  const { context, page, problems } = await open(browser);
  try {
    await body(page);
    await screenshot(page, name);
    assert.deepEqual(problems, [], `${name}: errors in the page`);
  } catch (error) {
    await screenshot(page, `${name}-failed`).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

function topicStatus(id) {
  return cli('show', id).topic.status;
}

test('every page has one h1, labelled controls and no serious accessibility violation', async () => {
  for (const path of PAGES) {
    await withPage(`a11y${path.replaceAll('/', '_') || '_home'}`, async (page) => {
      await page.goto(BASE_URL + path);
      assert.equal(await page.locator('h1').count(), 1, `${path}: one <h1>`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.ok(await page.title(), `${path}: a <title>`);
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
          .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
          .map((el) => el.id || el.name),
      );
      assert.deepEqual(unlabelled, [], `${path}: every control has a label`);
      assert.deepEqual(await accessibilityViolations(page), [], `${path}: axe-core`);
    });
  }
});

test('the keyboard alone reaches the navigation and follows a link', async () => {
  await withPage('keyboard', async (page) => {
    await page.goto(BASE_URL + '/');
    const focused = [];
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      focused.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
    }
    assert.ok(focused.includes('nav-roadmap'), `Tab reaches the roadmap link (focus went ${focused.join(' → ')})`);
    await page.focus('#nav-roadmap');
    await Promise.all([page.waitForURL('**/roadmap'), page.keyboard.press('Enter')]);
    assert.equal(await page.textContent('h1'), 'Roadmap');
  });
});

test('marking a topic done in the roadmap and topic pages reaches the database', async () => {
  assert.notEqual(topicStatus(TOPIC), 'done');
  await withPage('mark-done', async (page) => {
    await page.goto(BASE_URL + '/roadmap');
    await Promise.all([page.waitForURL(`**/topics/${TOPIC}`), page.click(`[data-testid="node-${TOPIC}"] >> nth=0`)]);
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid="mark-done"]')]);
    assert.equal(await page.getAttribute('[data-testid="topic-status"]', 'data-status'), 'done');
    assert.equal(await page.getAttribute('[data-testid="mark-done"]', 'aria-pressed'), 'true');
    // The roadmap colours the node by the new status.
    await page.goto(BASE_URL + '/roadmap');
    assert.equal(await page.getAttribute(`[data-testid="node-${TOPIC}"] >> nth=0`, 'data-status'), 'done');
  });
  assert.equal(topicStatus(TOPIC), 'done', 'the CLI reads the status the browser wrote');
});

test('a status written by the CLI shows on the next page view', async () => {
  const other = 's1.math.svd';
  cli("start", other);
  await withPage('cli-write', async (page) => {
    await page.goto(`${BASE_URL}/topics/${other}`);
    assert.equal(await page.getAttribute('[data-testid="topic-status"]', 'data-status'), 'learning');
  });
});

test('logging time on a topic adds the minutes and the note to the database', async () => {
  const before = cli('stats').total_minutes;
  await withPage('log-time', async (page) => {
    await page.goto(`${BASE_URL}/topics/${TOPIC}`);
    await page.fill('[data-testid="log-minutes"]', '35');
    await page.fill('[data-testid="log-note"]', 'power iteration by hand');
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid="log-submit"]')]);
    assert.match(await page.textContent('[data-testid="topic-logged"]'), /35 min/);
    assert.match(await page.textContent('[data-testid="topic-log"]'), /power iteration by hand/);
  });
  assert.equal(cli('stats').total_minutes, before + 35, 'the CLI counts the 35 minutes');
});

test('a form without its token is refused and writes nothing', async () => {
  const before = cli('stats').total_minutes;
  await withPage('csrf', async (page) => {
    await page.goto(`${BASE_URL}/topics/${TOPIC}`);
    await page.evaluate(() => {
      document.querySelector('[data-testid="log-form"] input[name=csrf]').value = 'forged';
    });
    await page.fill('[data-testid="log-minutes"]', '10');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('[data-testid="log-submit"]'),
    ]);
    assert.equal(response.status(), 403);
  }).catch((error) => {
    // withPage reports the 403 itself as a page error: that is the point of this test.
    if (!/HTTP 403/.test(String(error.message))) throw error;
  });
  assert.equal(cli('stats').total_minutes, before, 'no minutes were written');
});

test('the language switch turns the pages into Chinese and stays on', async () => {
  await withPage('zh', async (page) => {
    await page.goto(BASE_URL + '/');
    await Promise.all([page.waitForLoadState('load'), page.click('[data-testid="lang-switch"]')]);
    assert.match(await page.getAttribute('html', 'lang'), /^zh/);
    assert.equal(await page.textContent('h1'), '今日学习');
    // The choice is remembered: a plain link keeps Chinese.
    await Promise.all([page.waitForURL('**/roadmap'), page.click('[data-testid="nav-roadmap"]')]);
    assert.match(await page.getAttribute('html', 'lang'), /^zh/);
    assert.equal(await page.getAttribute('body', 'data-lang'), 'zh');
    assert.match(await page.textContent('[data-testid="nav-plan"]'), /[\u4e00-\u9fff]/);
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});

test('a lab report shows its plots and its metrics beside the references', async () => {
  await withPage('lab-report', async (page) => {
    await page.goto(BASE_URL + '/labs');
    await Promise.all([page.waitForURL('**/labs/calculus'), page.click('[data-testid="lab-calculus"] a >> nth=0')]);
    await Promise.all([page.waitForURL('**/labs/calculus/runs/1'), page.click('[data-testid="run-history"] a[href$="/runs/1"]')]);
    assert.equal(await page.getAttribute('[data-testid="run-facts"]', 'data-lab'), 'calculus');
    const rows = page.locator('[data-testid="metrics-table"] tbody tr');
    assert.ok((await rows.count()) >= 10, 'the quick run reports its metrics');
    const gd = await page.textContent('[data-testid="metric-gd_final_loss"]');
    assert.match(gd, /calculus\.py/, 'the reference source is named beside the value');
    const images = page.locator('[data-testid="plots"] img');
    assert.ok((await images.count()) >= 3, 'the run has plots');
    for (const img of await images.all()) {
      await img.scrollIntoViewIfNeeded();
      await page.waitForFunction((el) => el.complete, await img.elementHandle());
      const width = await img.evaluate((el) => el.naturalWidth);
      assert.ok(width > 0, `${await img.getAttribute('src')} loaded`);
    }
  });
  const runs = cli('lab', 'show', 'calculus');
  assert.ok(JSON.stringify(runs).includes('calculus'), 'the CLI lists the run the page showed');
});

