/**
 * Command-line switches that keep Electron's own Chromium off the network. The app never asks for a remote
 * resource (CSP and the request filter refuse them), but Chromium itself would: the offline proof saw a stock
 * Chromium try DNS-over-HTTPS to a public resolver. Resolving every host name to "not found" means no DNS query
 * leaves the machine whatever a Chromium feature wants; the rest switch off the background services by name.
 * Applied before the app is ready (Chromium reads them at start). Pure data, unit-tested.
 */
export const CHROMIUM_SWITCHES: readonly (readonly [name: string, value?: string])[] = [
  // The app loads only app:// and talks to its engine over IPC: no host name ever needs resolving.
  ['host-resolver-rules', 'MAP * ~NOTFOUND'],
  ['disable-features', 'DnsOverHttps,AutofillServerCommunication,OptimizationHints,MediaRouter,InterestFeedContentSuggestions'],
  ['disable-background-networking'],
  ['disable-component-update'],
  ['disable-domain-reliability'],
  ['no-pings'],
  ['disable-breakpad'],
];
