import { describe, expect, it } from 'vitest';
import { senderAllowed } from '../../main/app/security/ipc-sender';

describe('Electron IPC sender policy', () => {
  it('accepts only the app page in the top-level frame', () => {
    expect(senderAllowed('app://threadline/index.html', true)).toBe(true);
    expect(senderAllowed('app://threadline/index.html#/timeline', true)).toBe(true);
    expect(senderAllowed('app://threadline/index.html', false)).toBe(false);
    for (const u of ['https://evil.example/', 'file:///tmp/chat.html', 'app://evil/index.html', 'http://127.0.0.1:8000/', 'data:text/html,x']) expect(senderAllowed(u, true)).toBe(false);
    expect(senderAllowed(undefined, true)).toBe(false);
  });
});
