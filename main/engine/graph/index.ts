/** The link graph: entities linked by messages, calls and transactions; views, neighbours, paths, report SVG. */
export { buildFullGraph, capGraph, fullGraph, graphNeighbours, graphView, graphViewMs, resolveGraphFilter, DEFAULT_MAX_NODES } from './build';
export { entityLabels } from './labels';
export { layoutGraph } from './layout';
export { adjacency, graphPaths, shortestPaths } from './paths';
export { drawGraph, drawingToSvg, escapeXml, renderGraphSvg, safeLabel, viewToSvg, type GraphDrawing, type GraphSvg, type SvgOptions } from './svg';
export type { FullGraph, GraphEdge, GraphFilter, GraphView, ViewOptions } from './types';
