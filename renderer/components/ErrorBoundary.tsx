/** A rendering failure shows what happened and how to recover instead of a blank window. */
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-notice" role="alert" style={{ margin: 16 }}>
        <div className="error-head">
          <span className="error-code">INTERNAL</span>
        </div>
        <div className="error-message">The window failed to draw: {this.state.error.message}</div>
        <div className="error-hint">→ Reload the window (the case file is not affected). If it happens again, report it with what you were doing.</div>
      </div>
    );
  }
}
