// What every e2e test shares: Chromium through playwright-core, screenshots, the CLI, axe-core.
//
// Environment (set by e2e/run.sh): BASE_URL of `llmpath serve`, LLMPATH_BIN and LLMPATH_HOME (the
// CLI reads the same progress database as the server), CHROMIUM, E2E_ARTIFACTS.

import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = must('BASE_URL');
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? 'e2e-artifacts';

function must(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through e2e/run.sh`);
  return value;
}

/** Headless Chromium with the flags this closed network needs (no background connections). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page that fails the test on any console error or failed request of our own server. */
export async function open(browser) {
  // bypassCSP: the pages' strict policy would refuse axe-core's injected script, nothing else.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { context, page, problems };
}

/** Saves a full-page PNG under E2E_ARTIFACTS (kept by CI as a test artifact). */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Runs the CLI on the same database as the server and parses its `--json` output. */
export function cli(...args) {
  const out = execFileSync(must('LLMPATH_BIN'), [...args, '--json'], {
    env: process.env,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** axe-core's violations of impact "serious" or "critical" on the current page. */
export async function accessibilityViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
