/** Placeholder for the link graph (issue 7); replaced by the view itself. */
export function GraphView() {
  return <section className="placeholder" aria-label="Graph">Graph: not built yet.</section>;
}
