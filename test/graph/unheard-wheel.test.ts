/** Sigma's wheel hit-test (which would redraw the lazy picking layer mid-zoom) runs only when someone listens to its events. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { skipUnheardWheelHitTests } from '../../renderer/features/graph/unheard-wheel';

function fakeSigma() {
  const captor = new EventEmitter();
  const sigma = new EventEmitter() as EventEmitter & { activeListeners: { handleWheel: (e: unknown) => void }; getMouseCaptor(): EventEmitter };
  const hitTests: unknown[] = [];
  sigma.activeListeners = { handleWheel: (e) => hitTests.push(e) };
  sigma.getMouseCaptor = () => captor;
  captor.on('wheel', sigma.activeListeners.handleWheel);
  return { sigma, captor, hitTests };
}

describe('skipUnheardWheelHitTests', () => {
  it('skips the hit-test while no wheel event has a listener, runs it once one has, and restores sigma on stop', () => {
    const f = fakeSigma();
    const stop = skipUnheardWheelHitTests(f.sigma as never);
    f.captor.emit('wheel', 'w1');
    expect(f.hitTests).toEqual([]);
    const onNode = () => {};
    f.sigma.on('wheelNode', onNode);
    f.captor.emit('wheel', 'w2');
    expect(f.hitTests).toEqual(['w2']);
    f.sigma.off('wheelNode', onNode);
    f.sigma.on('wheelStage', onNode);
    f.captor.emit('wheel', 'w3');
    expect(f.hitTests).toEqual(['w2', 'w3']);
    f.sigma.off('wheelStage', onNode);
    stop();
    f.captor.emit('wheel', 'w4');
    expect(f.hitTests).toEqual(['w2', 'w3', 'w4']);
    expect(f.captor.listenerCount('wheel')).toBe(1);
  });

  it('changes nothing when sigma lacks the listener it would wrap (another sigma version)', () => {
    const f = fakeSigma();
    (f.sigma as unknown as { activeListeners: object }).activeListeners = {};
    skipUnheardWheelHitTests(f.sigma as never)();
    f.captor.emit('wheel', 'w1');
    expect(f.hitTests).toEqual(['w1']);
  });
});
