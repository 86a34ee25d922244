/** Seized text as text: React text nodes only, with invisible and display-changing characters as visible badges. */
import { memo } from 'react';
import { visibleSegments } from '../lib/visible-text';

export const VisibleText = memo(function VisibleText({ text, oneLine = false, className }: { text: string | null | undefined; oneLine?: boolean; className?: string }) {
  if (!text) return null;
  const segs = visibleSegments(text, oneLine ? 'mark' : 'break');
  return (
    // <bdi> isolates the text's own direction from everything around it (a right-to-left name cannot reorder a row).
    <bdi className={className}>
      {segs.map((s, i) =>
        s.t === 'text' ? (
          <span key={i}>{s.s}</span>
        ) : s.t === 'newline' ? (
          <br key={i} />
        ) : (
          <span key={i} className="vt-mark" title={s.title}>
            {`⟨${s.label}⟩`}
          </span>
        ),
      )}
    </bdi>
  );
});
