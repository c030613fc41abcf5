// The harness decides proxy use as Go does for client-go and kubectl. The cases are Go's own
// (golang.org/x/net http/httpproxy/proxy_test.go at 0ca694d2: UseProxyTests with its noProxy
// list, and proxyForURLTests), so a difference from Go fails here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HarnessError } from '../../src/errors.ts';
import { loadProxySettings, printableProxy, proxyFor, proxySecrets } from '../../src/proxy/index.ts';

const GO_NO_PROXY =
  'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';

// host -> whether a request to host:80 is proxied (Go's UseProxyTests).
const GO_USE_PROXY: [string, boolean][] = [
  ['localhost', false],
  ['127.0.0.1', false],
  ['127.0.0.2', false],
  ['[::1]', false],
  ['[::2]', true],
  ['192.168.1.1', false],
  ['192.168.1.2', true],
  ['192.168.1.3', false],
  ['192.168.1.4', true],
  ['10.0.0.2', false],
  ['[2001:db8::52:0:1]', false],
  ['[2001:db8::52:0:2]', true],
  ['[2001:db8::52:0:3]', false],
  ['[2002:db8:a::123]', false],
  ['[fe80::424b:c8be:1643:a1b6]', true],
  ['barbaz.net', true],
  ['www.barbaz.net', false],
  ['foobar.com', false],
  ['www.foobar.com', false],
  ['foofoobar.com', true],
  ['baz.com', true],
  ['localhost.net', true],
  ['local.localhost', true],
  ['barbarbaz.net', true],
  ['wildcard.io', true],
  ['nested.wildcard.io', false],
  ['awildcard.io', true],
];

describe('proxy rules (Go httpproxy)', () => {
  const settings = loadProxySettings({ HTTP_PROXY: 'http://proxy.example.org', NO_PROXY: GO_NO_PROXY });

  for (const [host, proxied] of GO_USE_PROXY) {
    it(`${host}:80 is ${proxied ? '' : 'not '}proxied`, () => {
      assert.equal(proxyFor(`http://${host}:80/`, settings) !== undefined, proxied);
    });
  }

  it('NO_PROXY=* proxies nothing', () => {
    const all = loadProxySettings({ HTTP_PROXY: 'proxy', NO_PROXY: '*' });
    for (const [host] of GO_USE_PROXY) assert.equal(proxyFor(`http://${host}:80/`, all), undefined, host);
  });

  it('an entry without a host is ignored, not a match', () => {
    const bad = loadProxySettings({ HTTP_PROXY: 'proxy', NO_PROXY: ':1' });
    assert.notEqual(proxyFor('http://example.com/', bad), undefined);
  });

  it('takes HTTPS_PROXY for https and HTTP_PROXY for http, nothing else', () => {
    const both = loadProxySettings({ HTTP_PROXY: 'http.proxy.tld', HTTPS_PROXY: 'secure.proxy.tld' });
    assert.equal(proxyFor('http://insecure.tld/', both)?.url.href, 'http://http.proxy.tld/');
    assert.equal(proxyFor('https://secure.tld/', both)?.url.href, 'http://secure.proxy.tld/');
    const httpOnly = loadProxySettings({ HTTP_PROXY: 'http.proxy.tld' });
    assert.equal(proxyFor('https://secure.tld/', httpOnly), undefined);
    assert.equal(proxyFor('ftp://insecure.tld/', httpOnly), undefined);
    const tlsProxy = loadProxySettings({ HTTPS_PROXY: 'https://secure.proxy.tld' });
    assert.equal(proxyFor('https://secure.tld/', tlsProxy)?.url.protocol, 'https:');
    // The exec WebSocket takes the proxy of its scheme's http twin.
    assert.notEqual(proxyFor('wss://api.example.com:6443/exec', both), undefined);
  });

  it('matches domains as Go does: itself and subdomains, ".x" subdomains only, never a part', () => {
    const p = (noProxy: string, url: string) =>
      proxyFor(url, loadProxySettings({ HTTP_PROXY: 'proxy', NO_PROXY: noProxy })) !== undefined;
    assert.equal(p('example.com', 'http://example.com/'), false);
    assert.equal(p('.example.com', 'http://example.com/'), true);
    assert.equal(p('ample.com', 'http://example.com/'), true);
    assert.equal(p('example.com', 'http://foo.example.com/'), false);
    assert.equal(p('.foo.com', 'http://example.com/'), true);
    assert.equal(p('.示例.com', 'http://www.示例.com'), false);
    assert.equal(p('xn--fsq092h.com', 'http://www.示例.com'), false);
    assert.equal(p('example.com:8080', 'http://example.com:8080/'), false);
    assert.equal(p('example.com:8080', 'http://example.com/'), true);
    // A domain never matches an address: "0.1.1" is a domain to Go (net.ParseIP fails), 10.0.1.1 an IP.
    assert.equal(p('0.1.1', 'http://10.0.1.1/'), true);
    assert.equal(p('1.com', 'http://10.0.0.1.com/'), false);
  });

  it('reads the upper-case variable first, then the lower-case one, empty meaning unset', () => {
    const s = loadProxySettings({
      HTTPS_PROXY: '',
      https_proxy: 'lower:3128',
      NO_PROXY: 'a.test',
      no_proxy: 'b.test',
    });
    assert.equal(s.httpsProxy?.source, 'https_proxy');
    assert.equal(s.httpsProxy?.url.href, 'http://lower:3128/');
    assert.equal(s.noProxy, 'a.test');
  });

  it('refuses a proxy it cannot use, naming the variable but not the value', () => {
    assert.throws(
      () => loadProxySettings({ HTTPS_PROXY: 'socks5://user:hunter2@proxy:1080', http_proxy: 'http://[bad' }),
      (e: unknown) => {
        assert.ok(e instanceof HarnessError);
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.match(e.message, /HTTPS_PROXY: the scheme socks5:\/\/ is not supported/);
        assert.match(e.message, /http_proxy: not a URL/);
        assert.doesNotMatch(e.message, /hunter2/);
        return true;
      },
    );
  });

  it('prints a proxy without its credentials and hands them to redact', () => {
    const s = loadProxySettings({ HTTPS_PROXY: 'http://me:p%40ss@proxy.corp:3128' });
    assert.equal(printableProxy(s.httpsProxy?.url ?? new URL('http://x')), 'http://***@proxy.corp:3128');
    assert.deepEqual(proxySecrets(s), ['p%40ss', 'p@ss']);
  });
});
