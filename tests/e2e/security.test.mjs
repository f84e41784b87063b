// The security rules every lab page keeps, checked in the built site: a tight
// Content-Security-Policy (scripts only from this site, connections only to this site, this
// computer and the LLM providers the panel knows), no Referer to other sites, no third-party or
// inline script, and no request to another origin while a lab loads and runs a preset.
// (The key rules, that an API key is in no link, export, log or stored entry, are checked
// where keys are typed: llm.test.mjs, for every lab with LLM agents.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LONG, launch, freshPage, open, tid, waitForDigest, assertNoPageErrors, BASE } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const LABS = ['bandits', 'games', 'tax', 'metarl'];

/** The CSP of the page, as a map from directive to its sources. */
async function csp(page) {
  const content = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  return new Map(
    content.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
      const [name, ...sources] = d.split(/\s+/);
      return [name, sources];
    }),
  );
}

for (const lab of LABS) {
  test(`the ${lab} lab: tight CSP, no Referer, no third-party script, no request elsewhere`, { timeout: LONG }, async () => {
    const { context, page } = await freshPage(browser);
    const origin = new URL(BASE).origin;
    const elsewhere = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!['data:', 'blob:'].includes(u.protocol) && u.origin !== origin) elsewhere.push(r.url());
    });
    try {
      await open(page, `#/${lab}`);
      const policy = await csp(page);
      assert.deepEqual(policy.get('default-src'), ["'self'"]);
      assert.deepEqual(policy.get('script-src'), ["'self'", "'wasm-unsafe-eval'"], 'no inline or remote script');
      assert.deepEqual(policy.get('object-src'), ["'none'"]);
      assert.deepEqual(policy.get('base-uri'), ["'self'"]);
      assert.deepEqual(policy.get('form-action'), ["'none'"]);
      const connect = policy.get('connect-src');
      assert.equal(connect[0], "'self'");
      for (const src of connect.slice(1)) {
        // This computer on any port, or an LLM provider's API over HTTPS; never a wildcard host.
        assert.match(src, /^(http:\/\/(127\.0\.0\.1|localhost):\*|https:\/\/[a-z0-9.-]+\.[a-z]+)$/, src);
      }
      assert.equal(await page.$eval('meta[name="referrer"]', (m) => m.content), 'no-referrer');
      const scripts = await page.$$eval('script', (ss) => ss.map((s) => ({ src: s.src, inline: !s.src && s.textContent.trim().length > 0, type: s.type })));
      for (const s of scripts) {
        assert.ok(!s.inline || s.type === 'application/json' || s.type === 'application/ld+json', 'no inline script runs');
        if (s.src) assert.equal(new URL(s.src).origin, origin, `script from ${s.src}`);
      }
      // A preset's run: still nothing leaves this site.
      await page.click(tid('run'));
      await waitForDigest(page);
      assert.deepEqual(elsewhere, [], 'requests to other origins');
      assertNoPageErrors(page, assert);
    } finally {
      await context.close();
    }
  });
}
