/**
 * The evidence files main offers (folders given to `npm run serve --evidence`, files chosen in a dialog, files
 * dropped into staging), grouped by folder, each with its own settings and what a dry-run check found.
 */
import { useState } from 'react';
import type { Draft } from '../../store/types';
import type { EvidenceItem, SourceEntry } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { VisibleText } from '../../components/VisibleText';
import { bytes } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectChosen, selectDrafts, selectInfo, selectItems, selectSelected, selectSources, selectUploading } from '../../store/selectors';
import { MappingEditor } from './MappingEditor';

function folderOf(e: SourceEntry): string {
  const i = e.label.lastIndexOf('/');
  return e.staged ? 'Dropped files (copies in the staging folder)' : `${e.root}${i > 0 ? `/${e.label.slice(0, i)}` : ''}`;
}

function settingsLine(d: Draft | undefined): string {
  if (!d) return 'not set (case defaults)';
  const o = d.options;
  return [o.format === 'auto' ? 'auto' : o.format, o.tz, o.dateOrder ?? 'order from file', o.region ?? 'case region', o.owner ? `owner ${o.owner}` : 'no owner'].join(' · ');
}

/**
 * Evidence items already in the case with this file's name and size. Only a hint, so the examiner does not add the
 * same export twice by mistake: the renderer never sees paths or hashes here, and the import itself refuses bytes
 * already imported (by SHA-256) whatever the name.
 */
export function sameNameAndSize(e: SourceEntry, items: readonly EvidenceItem[]): EvidenceItem[] {
  return items.filter((i) => i.file === e.name && i.size === e.size);
}

function CheckResult({ d }: { d: Draft }) {
  const info = useStore(selectInfo);
  if (d.inspecting) return <div className="check muted">Checking…</div>;
  if (d.error) return <ErrorNotice error={d.error} />;
  const i = d.inspection;
  if (!i) return null;
  const label = (id: string | null) => info?.formats.find((f) => f.id === id)?.label ?? id ?? 'unrecognised';
  const p = i.preview;
  return (
    <div className="check" data-testid="check-result">
      <div>
        Detected: <strong>{label(i.detected)}</strong>
        {i.candidates.length > 1 ? <span className="muted"> (also: {i.candidates.slice(1).map((c) => `${c.label} ${Math.round(c.confidence * 100)}%`).join(', ')})</span> : null}
      </div>
      {p ? (
        <div>
          Dry run ({label(p.format)}{p.complete ? ', whole file' : ', first part'}):{' '}
          {p.units ? `${p.units.seen} ${p.units.unit}s seen, ${p.units.parsed} parsed, ${p.units.skipped} skipped, ${p.units.rejected} rejected` : `${p.records} records`}
          {p.dateOrder ? `; day/month order ${p.dateOrder}` : ''}
        </div>
      ) : null}
      {p?.error ? <ErrorNotice error={p.error} /> : null}
      {i.notes.map((n) => (
        <div key={n} className="note">
          {n}
        </div>
      ))}
      {p && p.mapping.length ? <MappingEditor sourceId={i.source.id} columns={p.mapping} mapping={d.options.mapping} /> : null}
    </div>
  );
}

function FileRow({ e, checked, draft, imported }: { e: SourceEntry; checked: boolean; draft: Draft | undefined; imported: EvidenceItem[] }) {
  const [open, setOpen] = useState(false);
  const showCheck = open || draft?.inspecting || draft?.inspection || draft?.error;
  return (
    <li className={checked ? 'file selected' : 'file'} data-testid="source-file" data-name={e.name}>
      <div className="file-line">
        <input type="checkbox" checked={checked} aria-label={`Select ${e.label}`} onChange={(x) => actions().setSelected([e.id], x.target.checked)} />
        <span className="file-name" title={e.label}>
          <VisibleText text={e.name} oneLine />
        </span>
        <span className="muted size">{bytes(e.size)}</span>
        {imported.length ? (
          <span
            className="badge"
            data-testid="already-imported"
            title="An evidence item with this file name and size is already in the case. Importing the same bytes again is refused (by SHA-256) unless you allow a duplicate."
          >
            in case as {imported.map((i) => `E${i.id}`).join(', ')}
          </span>
        ) : null}
        {e.staged ? <span className="badge warn" title="Hashes will describe this uploaded copy, not the original on the device or drive">copy</span> : null}
        <span className="file-settings muted" title="Format · zone · day/month order · phone region · owner">
          {settingsLine(draft)}
        </span>
        <button
          className="link"
          onClick={() => {
            setOpen(true);
            void actions().inspect([e.id]);
          }}
        >
          Check
        </button>
      </div>
      {showCheck && draft ? <CheckResult d={draft} /> : null}
    </li>
  );
}

export function SourceList() {
  const sources = useStore(selectSources);
  const chosen = useStore(selectChosen);
  const selected = useStore(selectSelected);
  const drafts = useStore(selectDrafts);
  const info = useStore(selectInfo);
  const uploading = useStore(selectUploading);
  const items = useStore(selectItems);
  const [over, setOver] = useState(false);
  const files = [...(sources?.files ?? []), ...chosen];
  const groups = new Map<string, SourceEntry[]>();
  for (const f of files) {
    const g = folderOf(f);
    let l = groups.get(g);
    if (!l) groups.set(g, (l = []));
    l.push(f);
  }
  const sel = new Set(selected);
  return (
    <section
      className={over ? 'panel sources drop-over' : 'panel sources'}
      aria-labelledby="sources-h"
      onDragOver={(e) => {
        if (info?.staging) {
          e.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (info?.staging && e.dataTransfer.files.length) void actions().uploadFiles([...e.dataTransfer.files]);
      }}
    >
      <h2 id="sources-h">Evidence files</h2>
      <div className="actions">
        {info?.dialogs ? <button onClick={() => void actions().browseEvidence()}>Add files…</button> : null}
        <button onClick={() => void actions().loadSources()}>Refresh list</button>
        <button onClick={() => actions().setSelected(files.map((f) => f.id), true)} disabled={files.length === 0}>
          Select all
        </button>
        <button onClick={() => actions().setSelected(selected, false)} disabled={selected.length === 0}>
          Select none
        </button>
      </div>
      {info?.staging ? (
        <p className="drop-hint muted small">
          Drop files here to add them: they are copied into the staging folder first, so their hashes describe the copy, not the original.
          {uploading ? ` Copying ${uploading}…` : ''}
        </p>
      ) : null}
      {sources?.notes.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
      {files.length === 0 ? (
        <p className="muted">{info?.dialogs ? 'Choose files with Add files….' : 'No evidence folder was given. Start `npm run serve -- --evidence DIR`, or drop files here.'}</p>
      ) : null}
      {[...groups.entries()].map(([g, list]) => {
        const all = list.every((f) => sel.has(f.id));
        return (
          <div key={g} className="group">
            <label className="group-head">
              <input type="checkbox" checked={all} aria-label={`Select folder ${g}`} onChange={(x) => actions().setSelected(list.map((f) => f.id), x.target.checked)} />
              <VisibleText text={g} oneLine />
            </label>
            <ul className="files">
              {list.map((f) => (
                <FileRow key={f.id} e={f} checked={sel.has(f.id)} draft={drafts[f.id]} imported={sameNameAndSize(f, items)} />
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
