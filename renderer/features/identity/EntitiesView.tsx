/** Placeholder for the identity workbench (issue 7); replaced by the view itself. */
export function EntitiesView() {
  return <section className="placeholder" aria-label="Entities">Entities: not built yet.</section>;
}
