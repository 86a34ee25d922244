/**
 * The Search view: one box for full text (highlighted snippets, rendered by splitting — never as markup),
 * identifiers in any written form (081 234 5678 → +66812345678 and everything linked to it) and fuzzy names.
 * A text hit opens in the timeline and its conversation; an identifier or name opens the entity's events.
 */
import { useEffect, useRef } from 'react';
import type { SearchHitWire, SnippetPart } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { count, splitDisplay } from '../../lib/format';
import { hasHiddenCharacters } from '../../lib/visible-text';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectDisplayTz, selectExtraHits, selectSearch, selectSearchError, selectSearchResult, selectSearching } from '../../store/selectors';

function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span className="snippet">
      {parts.map((p, i) =>
        'gap' in p ? (
          <span key={i} className="gap">
            …
          </span>
        ) : p.hit ? (
          <mark key={i}>
            <VisibleText text={p.text} oneLine />
          </mark>
        ) : (
          <VisibleText key={i} text={p.text} oneLine />
        ),
      )}
    </span>
  );
}

function Hit({ h }: { h: SearchHitWire }) {
  const e = h.event;
  const d = e.display ? splitDisplay(e.display.time) : null;
  return (
    <li className="hit" data-testid="search-hit">
      <button className="hit-open" onClick={() => void actions().openHit(h)} title="Open in the timeline and its conversation">
        <span className="mono">{d ? `${d.wall} ${d.offset}` : '(no time)'}</span>
        <span className={`kind-badge ${e.kind}`}>{e.kind}</span>
        <span className="muted">E{e.evidence}</span>
        <span className="hit-from">
          <VisibleText text={e.from ?? ''} oneLine />
        </span>
        <span className="spacer" />
        <span className="mono muted small">
          <VisibleText text={e.source} oneLine />
        </span>
      </button>
      <div className="hit-snippet">
        <Snippet parts={h.snippet} />
      </div>
      {hasHiddenCharacters(e.text) ? (
        // Snippets come from the search index's copy, which leaves invisible characters out; the stored text has them.
        <div className="hit-stored" data-testid="hit-stored">
          <span className="muted small">Stored text, hidden characters shown: </span>
          <VisibleText text={e.text.length > 300 ? `${e.text.slice(0, 300)}…` : e.text} oneLine />
        </div>
      ) : null}
    </li>
  );
}

export function SearchView() {
  const q = useStore(selectSearch);
  const r = useStore(selectSearchResult);
  const extra = useStore(selectExtraHits);
  const busy = useStore(selectSearching);
  const error = useStore(selectSearchError);
  const tz = useStore(selectDisplayTz);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const hits = [...(r?.text?.hits ?? []), ...extra];

  return (
    <div className="search-view">
      <form
        className="search-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void actions().runSearch();
        }}
      >
        <input
          ref={input}
          type="search"
          name="q"
          aria-label="Search"
          placeholder='Words, "phrases", prefix*, AND / OR / NOT — or a phone number, @handle, e-mail, wallet, IBAN, or a name'
          value={q.query}
          onChange={(e) => actions().setSearch({ query: e.target.value })}
          spellCheck={false}
        />
        <select aria-label="Search in" value={q.mode} onChange={(e) => actions().setSearch({ mode: e.target.value as typeof q.mode })}>
          <option value="all">Everything</option>
          <option value="text">Full text</option>
          <option value="identifier">Identifier</option>
          <option value="name">Names</option>
        </select>
        <select aria-label="Order" value={q.order} onChange={(e) => actions().setSearch({ order: e.target.value as typeof q.order })}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
          <option value="rank">Most relevant</option>
        </select>
        <button type="submit" className="primary" disabled={busy || !q.query.trim()}>
          Search
        </button>
        <span className="muted small">times in {tz}</span>
      </form>
      {error ? <ErrorNotice error={error} onClose={() => useStore.setState({ searchError: null })} /> : null}
      {busy && !r ? <p className="muted">Searching…</p> : null}
      {r ? (
        <div className="search-results">
          {r.identifiers ? (
            <section className="panel" aria-labelledby="ident-h" data-testid="identifier-results">
              <h2 id="ident-h">Identifier</h2>
              {r.identifiers.readAs.map((a) => (
                <p key={`${a.kind}:${a.value}`} className="muted">
                  Read “<VisibleText text={r.identifiers!.query} oneLine />” as {a.kind} <span className="mono">{a.value}</span>
                  {a.valid ? '' : ' (not a valid identifier: never linked)'}
                </p>
              ))}
              {r.identifiers.hits.map((h) => (
                <div key={`${h.kind}:${h.value}`} className="ident-hit" data-testid="identifier-hit">
                  {h.node === null ? (
                    <p>
                      <span className="mono">{h.value}</span> is not in this case.
                    </p>
                  ) : (
                    <>
                      <p>
                        <strong className="mono">{h.value}</strong> — entity N{h.entity}, written {count(h.occurrences)} times, {h.accounts.length} account(s), {count(h.events)} events.{' '}
                        <button onClick={() => void actions().showEntityInTimeline(h.entity!)}>Show its events in the timeline</button>
                      </p>
                      <table className="grid compact">
                        <caption>Where it was written (raw form as the source wrote it)</caption>
                        <thead>
                          <tr>
                            <th>Item</th>
                            <th>Record</th>
                            <th>Role</th>
                            <th>As written</th>
                          </tr>
                        </thead>
                        <tbody>
                          {h.written.map((w, i) => (
                            <tr key={i}>
                              <td>E{w.evidence_id}</td>
                              <td className="mono">
                                {w.src_table}#{w.src_id}
                              </td>
                              <td>{w.role}</td>
                              <td className="mono">
                                <VisibleText text={w.raw} oneLine />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      {h.linkedIdentifiers.length ? (
                        <p className="muted">
                          Linked: {h.linkedIdentifiers.map((l) => `${l.kind} ${l.value}`).join(' · ')}
                        </p>
                      ) : null}
                    </>
                  )}
                </div>
              ))}
              {r.identifiers.notes.map((n) => (
                <p key={n} className="note">
                  {n}
                </p>
              ))}
            </section>
          ) : null}
          {r.names && r.names.length ? (
            <section className="panel" aria-labelledby="names-h">
              <h2 id="names-h">Similar names</h2>
              <ul className="names">
                {r.names.slice(0, 15).map((n) => {
                  const entity = n.accounts.find((a) => a.entity_id !== null)?.entity_id ?? n.entities[0] ?? null;
                  return (
                    <li key={n.name}>
                      <VisibleText text={n.name} oneLine /> <span className="muted small">score {n.score}</span> <span className="muted small">{n.accounts.length} account(s), {n.contacts.length} contact card(s)</span>{' '}
                      {entity !== null ? (
                        <button className="link" onClick={() => void actions().showEntityInTimeline(entity)}>
                          events of N{entity}
                        </button>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </section>
          ) : null}
          {r.text ? (
            <section className="panel wide" aria-labelledby="text-h">
              <h2 id="text-h">
                Full text: {count(hits.length)} hit{hits.length === 1 ? '' : 's'}
                {r.text.next ? '+' : ''} <span className="muted small">({r.text.order === 'rank' ? 'most relevant first' : `${r.text.order} first`}, {r.text.plan.index} index)</span>
              </h2>
              <ol className="hits">
                {hits.map((h) => (
                  <Hit key={h.event.key} h={h} />
                ))}
              </ol>
              {r.text.next ? (
                <button onClick={() => void actions().moreResults()} disabled={busy}>
                  More results
                </button>
              ) : null}
              {r.text.notes.map((n) => (
                <p key={n} className="note">
                  {n}
                </p>
              ))}
            </section>
          ) : null}
          {r.notes.map((n) => (
            <p key={n} className="note">
              {n}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
