// The console's browser takes the proxy the rules give Central's URL, in Chromium's own terms,
// checked with a real Chromium through the test's proxy (skipped when no Chromium is installed).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { browserProxy, loadProxySettings } from '../../src/proxy/index.ts';
import { startTestProxy, type TestProxy } from '../support/connect-proxy.ts';

const choice = chooseChromium();

describe('the browser proxy', () => {
  it('writes NO_PROXY in Chromium bypass rules, keeping loopback direct', () => {
    const settings = loadProxySettings({
      HTTPS_PROXY: 'http://me:p%40ss@proxy.corp:3128',
      NO_PROXY: 'corp.example, .svc, *.apps.example:8443, 10.0.0.0/8, 192.168.1.1',
    });
    assert.deepEqual(browserProxy(settings, 'https://central.apps.example.com'), {
      proxy: {
        server: 'http://proxy.corp:3128',
        bypass: 'localhost,corp.example,*.corp.example,*.svc,*.apps.example:8443,10.0.0.0/8,192.168.1.1',
        username: 'me',
        password: 'p@ss',
      },
      args: [],
    });
    // Central itself bypassed (or on loopback): Chromium is told to go direct.
    assert.deepEqual(browserProxy(settings, 'https://central.corp.example'), { args: ['--no-proxy-server'] });
    assert.deepEqual(browserProxy(settings, 'https://127.0.0.1:8443'), { args: ['--no-proxy-server'] });
  });
});

describe('a real Chromium', { skip: choice.available ? false : choice.reason }, () => {
  let proxy: TestProxy;
  let server: http.Server;
  let port: number;
  before(async () => {
    proxy = await startTestProxy();
    server = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>console</h1>'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await proxy.close();
    server.close();
  });

  const launch = (options: ReturnType<typeof browserProxy>, env: Record<string, string> = {}) =>
    chromium.launch({
      ...(choice.available ? choice.launchOptions : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      args: [...(choice.available ? (choice.launchOptions.args ?? []) : []), ...options.args],
      env: { ...process.env, ...env },
      timeout: 30_000,
    });

  it('reaches Central through the proxy the rules pick', async () => {
    const central = `http://central.lab.test:${port}/`;
    const browser = await launch(browserProxy(loadProxySettings({ HTTP_PROXY: proxy.url }), central));
    try {
      const page = await browser.newPage();
      await page.goto(central);
      assert.equal(await page.locator('h1').textContent(), 'console');
      assert.ok(proxy.forwarded.includes(central), `forwarded: ${proxy.forwarded.join(', ')}`);
    } finally {
      await browser.close();
    }
  });

  it("goes direct when the rules say so, whatever Chromium's environment says", async () => {
    const before = proxy.forwarded.length + proxy.tunnels.length;
    const central = `http://central.lab.test:${port}/`;
    const settings = loadProxySettings({ HTTP_PROXY: proxy.url, NO_PROXY: 'lab.test' });
    const browser = await launch(browserProxy(settings, central), {
      http_proxy: proxy.url,
      https_proxy: proxy.url,
    });
    try {
      const page = await browser.newPage();
      await assert.rejects(page.goto(central), /ERR_NAME_NOT_RESOLVED/);
      assert.equal(proxy.forwarded.length + proxy.tunnels.length, before);
    } finally {
      await browser.close();
    }
  });
});
