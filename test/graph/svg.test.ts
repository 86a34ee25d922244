/** The report image of the link graph: byte-identical for the same case state, hostile names escaped and marked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeXml, renderGraphSvg, safeLabel, shortestPaths, adjacency } from '../../main/engine/graph';
import type { BuiltCase } from '../timeline/case-builder';
import { graphCase } from './graph-case';

const HOSTILE = '<script>alert(1)</script>\u202Eevil & "q"';

describe('renderGraphSvg', () => {
  let a: BuiltCase;
  let b: BuiltCase;
  beforeAll(async () => {
    a = await graphCase({ annName: HOSTILE });
    b = await graphCase({ annName: HOSTILE });
  });
  afterAll(() => {
    a?.c.close();
    b?.c.close();
  });

  it('gives byte-identical SVG for the same case state built twice', () => {
    const x = renderGraphSvg(a.c.db, {});
    const y = renderGraphSvg(b.c.db, {});
    expect(x.svg).toBe(y.svg);
    expect(x.svg.length).toBeGreaterThan(500);
    expect(x.shown).toEqual({ nodes: 6, edges: 9 });
    expect(x.truncated).toBe(false);
  });

  it('draws one circle per node, one line per edge, and a legend of the kinds present', () => {
    const s = renderGraphSvg(a.c.db, { kinds: ['call', 'transaction'] }).svg;
    // nodes: owner, bob, dan (with only calls and transactions counted, nobody else has events)
    expect(s.match(/<circle /g)?.length).toBe(3);
    // 2 edge lines + 2 legend swatches
    expect(s.match(/<line /g)?.length).toBe(4);
    expect(s).toContain('>calls</text>');
    expect(s).toContain('>transactions</text>');
    expect(s).not.toContain('>group messages</text>');
  });

  it('escapes hostile names and shows bidi overrides as marks', () => {
    const s = renderGraphSvg(a.c.db, {}, { labelChars: 80 }).svg;
    expect(s).not.toContain('<script');
    expect(s).not.toContain('\u202E');
    expect(s).toContain('&lt;script&gt;alert(1)&lt;/script&gt;⟨RLO⟩evil &amp; &quot;q&quot;');
    expect(s.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(s).not.toMatch(/href|<image|<foreignObject|on\w+=/i);
  });

  it('gives the same picture as primitives for a PDF renderer (labels safe but unescaped)', () => {
    const r = renderGraphSvg(a.c.db, {}, { labelChars: 80 });
    expect(r.drawing.circles.length).toBe(r.svg.match(/<circle /g)?.length);
    expect(r.drawing.lines.length).toBe(9);
    expect(r.drawing.lines.map((l) => l.weight)).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3]);
    expect(r.drawing.labels.map((l) => l.text)).toContain('<script>alert(1)</script>⟨RLO⟩evil & "q"');
    for (const c of r.drawing.circles) {
      expect(c.cx).toBeGreaterThanOrEqual(0);
      expect(c.cx).toBeLessThanOrEqual(r.drawing.width);
      expect(c.cy).toBeGreaterThanOrEqual(28);
      expect(c.cy).toBeLessThanOrEqual(r.drawing.height);
    }
  });

  it('caps and says so', () => {
    const r = renderGraphSvg(a.c.db, {}, { maxNodes: 2, maxLabels: 1 });
    expect(r.shown.nodes).toBe(2);
    expect(r.truncated).toBe(true);
    expect(r.notes).toEqual(['Showing 2 of 6 entities and 2 of 9 links: the strongest links were kept.', 'Names are printed on the 1 most active of the 2 entities drawn.']);
    expect(r.svg.match(/<text [^>]*direction/g)?.length).toBe(1);
  });
});

describe('text helpers', () => {
  it('escapeXml replaces markup and characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&'"\u0001\uD800z`)).toBe('a&lt;b&gt;&amp;&apos;&quot;\uFFFD\uFFFDz');
  });
  it('safeLabel marks invisibles and cuts long names by characters, not code units', () => {
    expect(safeLabel('a\u200Bb', 10)).toBe('a⟨ZWSP⟩b');
    expect(safeLabel('😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('shortestPaths', () => {
  it('enumerates all shortest paths in id order on a diamond with a tail', () => {
    const adj = adjacency([
      { source: 1, target: 2, kind: 'call', weight: 1, first: null, last: null },
      { source: 1, target: 3, kind: 'call', weight: 1, first: null, last: null },
      { source: 2, target: 4, kind: 'call', weight: 1, first: null, last: null },
      { source: 3, target: 4, kind: 'call', weight: 1, first: null, last: null },
      { source: 4, target: 5, kind: 'call', weight: 1, first: null, last: null },
    ]);
    expect(shortestPaths(adj, 1, 5, 10, 6)).toEqual({ length: 3, paths: [[1, 2, 4, 5], [1, 3, 4, 5]], more: false });
    expect(shortestPaths(adj, 5, 1, 1, 6)).toEqual({ length: 3, paths: [[5, 4, 2, 1]], more: true });
    expect(shortestPaths(adj, 1, 9, 10, 6)).toEqual({ length: null, paths: [], more: false });
  });
});
