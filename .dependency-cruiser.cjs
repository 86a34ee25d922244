/** Layer rules from ARCHITECTURE.md, checked by `npm run lint` (part of `npm test`). */
module.exports = {
  forbidden: [
    {
      name: 'engine-no-electron',
      comment: 'The engine is plain Node: it runs in the CLI, the bridge and tests, where Electron does not exist.',
      severity: 'error',
      from: { path: '^main/(engine|cli|bridge)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'engine-not-shell',
      comment: 'The engine never reaches up into the Electron shell, the CLI or the bridge.',
      severity: 'error',
      from: { path: '^main/engine/' },
      to: { path: '^main/(app|preload|cli|bridge)/' },
    },
    {
      name: 'only-db-imports-sqlite',
      comment: 'All SQL driver use lives in main/engine/db/.',
      severity: 'error',
      from: { path: '^(main|renderer|shared)/', pathNot: '^main/engine/db/' },
      to: { path: 'better-sqlite3' },
    },
    {
      name: 'importers-no-db',
      comment: 'Importers emit records; the import job writes them. An importer never touches the case.',
      severity: 'error',
      from: { path: '^main/engine/importers/' },
      to: { path: '^main/engine/(db|jobs|identity|timeline|search|reports)/|better-sqlite3' },
    },
    {
      name: 'renderer-only-shared',
      comment: 'The renderer talks to the engine only through the shared contract (window.threadline).',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/|^(node:)?(fs|path|child_process|os|net|http|https|crypto)$' },
    },
    {
      name: 'shared-imports-neither-side',
      comment: 'shared/ is the contract: no main/, no renderer/, no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(main|renderer)/|^node:|^(fs|path|child_process|os|net|http|https|crypto|stream)$', dependencyTypesNot: ['npm'] },
    },
    {
      name: 'no-network-in-engine-or-app',
      comment: 'Threadline never touches the network; only the loopback bridge may use http.',
      severity: 'error',
      from: { path: '^main/(engine|app|preload|cli)/' },
      to: { path: '^(node:)?(http|https|http2|net|tls|dgram|dns)$|node_modules/(undici|node-fetch|axios|got|ws)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.tsbuild)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.main.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    builtInModules: { add: [] },
  },
};
