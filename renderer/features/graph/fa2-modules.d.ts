/** Types for the two ForceAtlas2 internals the layout worker uses (the package ships types only for its entry points). */
declare module 'graphology-layout-forceatlas2/iterate.js' {
  /** One ForceAtlas2 iteration over the packed node matrix (10 floats per node) and edge matrix (3 per edge). */
  export default function iterate(settings: Record<string, unknown>, nodes: Float32Array, edges: Float32Array): void;
}
