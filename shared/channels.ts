/**
 * The names of every channel between the renderer and main, in one list. Kept apart from the schemas so the
 * sandboxed Electron preload can expose one function per channel without bundling zod.
 */

export const CHANNELS = [
  'app.info',
  'case.available',
  'case.browse',
  'case.create',
  'case.open',
  'case.close',
  'case.summary',
  'audit.list',
  'evidence.sources',
  'evidence.browse',
  'evidence.inspect',
  'evidence.list',
  'evidence.skipped',
  'import.start',
  'job.status',
  'job.list',
  'job.cancel',
  'timeline.page',
  'timeline.histogram',
  'timeline.thread',
  'search.run',
  'entities.list',
  'entities.page',
  'entities.card',
  'entities.suggestions',
  'entities.decide',
  'entities.decisions',
  'graph.view',
  'graph.neighbours',
  'graph.path',
  'report.options',
  'report.preview',
  'report.browse',
  'report.export',
  'report.status',
  'report.cancel',
  'annotations.list',
  'annotations.tags',
  'annotations.target',
  'annotations.tag',
  'annotations.bookmark',
  'annotations.note',
] as const;

export type Channel = (typeof CHANNELS)[number];

export function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name);
}
