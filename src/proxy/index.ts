export { forwardThroughProxy, ProxyAwareHttpsAgent, ProxyDispatcher, proxyFetch } from './agents.ts';
export { type BrowserProxy, browserProxy } from './browser.ts';
export { ProxyConnectError, proxyFailure } from './errors.ts';
export { proxyFor } from './rules.ts';
export {
  environmentProxySettings,
  loadProxySettings,
  NO_PROXY_SETTINGS,
  type ProxyServer,
  type ProxySettings,
  parseProxyUrl,
  printableProxy,
  proxySecrets,
} from './settings.ts';
