/** Placeholder for bookmarks, tags and notes (issue 7); replaced by the view itself. */
export function BookmarksView() {
  return <section className="placeholder" aria-label="Bookmarks">Bookmarks: not built yet.</section>;
}
