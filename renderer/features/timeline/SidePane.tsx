/** Beside the list: the selected event in full (times, raw forms, source citation) and its conversation. */
import { useEffect, useRef, memo } from 'react';
import type { TimelineEvent } from '../../../shared/model';
import { ErrorNotice } from '../../components/ErrorNotice';
import { AnnotationsLoader, EventAnnotations } from '../annotations/EventAnnotations';
import { VisibleText } from '../../components/VisibleText';
import { splitDisplay } from '../../lib/format';
import { useStore } from '../../store';
import { actions } from '../../store/actions';
import { selectSelectedEvent, selectThread, selectThreadError, selectThreadLoading } from '../../store/selectors';

function Detail({ e }: { e: TimelineEvent }) {
  const t = e.display ? splitDisplay(e.display.time) : null;
  return (
    <section className="detail" aria-label="Selected event" data-testid="event-detail">
      <div className="detail-head">
        <span className={`kind-badge ${e.kind}`}>{e.kind}</span> <span className="muted">{e.subkind}</span> <span className="mono muted">{e.id}</span>
        <span className="spacer" />
        {e.kind === 'message' ? <button onClick={() => void actions().openThread(e)}>Conversation</button> : null}
      </div>
      <dl className="kv compact">
        <div>
          <dt>Time ({e.display?.tz ?? '—'})</dt>
          <dd className="mono">{t ? `${t.wall} ${t.offset}` : '(no usable time)'}</dd>
        </div>
        <div>
          <dt>UTC</dt>
          <dd className="mono">{e.ts ?? '—'}</dd>
        </div>
        <div>
          <dt>As written</dt>
          <dd className="mono">
            <VisibleText text={e.tsRaw ?? '—'} oneLine />
            {e.tsZone ? <span className="muted"> (read in {e.tsZone})</span> : null}
          </dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>
            <VisibleText text={e.from ?? '—'} oneLine />
            {e.actor?.entity ? <span className="muted mono"> N{e.actor.entity}</span> : null}
          </dd>
        </div>
        <div>
          <dt>To</dt>
          <dd>
            <VisibleText text={e.to ?? '—'} oneLine />
            {e.counterpart?.entity ? <span className="muted mono"> N{e.counterpart.entity}</span> : null}
          </dd>
        </div>
        {e.chat ? (
          <div>
            <dt>Chat</dt>
            <dd>
              <VisibleText text={e.chat.name ?? `chat ${e.chat.id}`} oneLine />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Source</dt>
          <dd className="mono citation" data-testid="citation">
            E{e.evidence} <VisibleText text={e.source} oneLine />
          </dd>
        </div>
        {e.attachments.length ? (
          <div>
            <dt>Attachments</dt>
            <dd>
              <VisibleText text={e.attachments.join(', ')} oneLine />
            </dd>
          </div>
        ) : null}
        {e.flags.length ? (
          <div>
            <dt>Flags</dt>
            <dd>{e.flags.join(', ')}</dd>
          </div>
        ) : null}
      </dl>
      <div className="full-text" data-testid="event-text">
        <VisibleText text={e.text} />
      </div>
    </section>
  );
}

function Conversation() {
  const t = useStore(selectThread);
  const loading = useStore(selectThreadLoading);
  const error = useStore(selectThreadError);
  const targetRef = useRef<HTMLLIElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // Centre the target inside the message list only (scrollIntoView would also scroll the pane and the page).
    const list = listRef.current;
    const target = targetRef.current;
    if (list && target) list.scrollTop = target.offsetTop - list.offsetTop - list.clientHeight / 2 + target.clientHeight / 2;
  }, [t]);
  if (error) return <ErrorNotice error={error} onClose={() => actions().closeThread()} />;
  if (!t) return loading ? <div className="muted">Loading the conversation…</div> : null;
  const all = [...t.before.map((e) => ({ e, target: false })), { e: t.target, target: true }, ...t.after.map((e) => ({ e, target: false }))];
  return (
    <section className="conversation" aria-label="Conversation" data-testid="conversation">
      <div className="detail-head">
        <strong>
          <VisibleText text={t.chat?.name ?? 'Message'} oneLine />
        </strong>
        {t.chat ? (
          <span className="muted">
            {' '}
            {t.chat.platform}
            {t.chat.kind ? ` ${t.chat.kind}` : ''} · E{t.chat.evidence} · {t.chat.messages} messages
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted small">times in {t.displayTz}</span>
        <button className="link" onClick={() => actions().closeThread()} aria-label="Close conversation">
          ×
        </button>
      </div>
      <ol className="messages" ref={listRef}>
        {all.map(({ e, target }) => {
          const d = e.display ? splitDisplay(e.display.time) : null;
          return (
            <li key={e.key} ref={target ? targetRef : undefined} className={target ? 'msg target' : 'msg'} data-key={e.key}>
              <div className="msg-head">
                <strong className="msg-from">
                  <VisibleText text={e.from ?? '(system)'} oneLine />
                </strong>
                <span className="mono muted msg-time">{d ? `${d.wall} ${d.offset}` : '(no time)'}</span>
                <button className="link mono small msg-src" title={`${e.source} — show in the timeline`} onClick={() => void actions().jumpToKey(e.key)}>
                  <VisibleText text={e.source} oneLine />
                </button>
              </div>
              <div className="msg-body">
                <VisibleText text={e.text} />
              </div>
              {e.attachments.length ? (
                <div className="muted small">
                  📎 <VisibleText text={e.attachments.join(', ')} oneLine />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {t.notes.map((n) => (
        <p key={n} className="note">
          {n}
        </p>
      ))}
    </section>
  );
}

export const SidePane = memo(function SidePane() {
  const e = useStore(selectSelectedEvent);
  const t = useStore(selectThread);
  const loading = useStore(selectThreadLoading);
  const error = useStore(selectThreadError);
  return (
    <aside className="side-pane">
      {e ? <Detail e={e} /> : <p className="muted hint">Select an event: j / k move, Enter opens its conversation, / searches text.</p>}
      <AnnotationsLoader />
      {e ? <EventAnnotations e={e} /> : null}
      {t || loading || error ? <Conversation /> : null}
    </aside>
  );
});
