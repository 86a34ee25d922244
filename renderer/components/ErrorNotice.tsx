/** An error as the examiner should see it: code, where (file:line), what happened, and what to do next. */
import type { ReactNode } from 'react';
import type { ErrorInfo } from '../../shared/errors';
import { VisibleText } from './VisibleText';

export function ErrorNotice({ error, onClose, children }: { error: ErrorInfo; onClose?: () => void; children?: ReactNode }) {
  return (
    <div className="error-notice" role="alert" data-code={error.code}>
      <div className="error-head">
        <span className="error-code">{error.code}</span>
        {error.file ? (
          <span className="error-where">
            <VisibleText text={`${error.file}${error.line !== undefined ? `:${error.line}` : ''}`} oneLine />
          </span>
        ) : null}
        {onClose ? (
          <button className="link close" onClick={onClose} aria-label="Dismiss">
            ×
          </button>
        ) : null}
      </div>
      <div className="error-message">
        <VisibleText text={error.message} />
      </div>
      {error.hint ? <div className="error-hint">→ {error.hint}</div> : null}
      {children}
    </div>
  );
}
