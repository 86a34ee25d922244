/** How the graph view draws by size: small graphs in full, big ones cheap enough for software WebGL. */
import { describe, expect, it } from 'vitest';
import { drawPolicy } from '../../renderer/features/graph/draw-policy';
import { isSoftwareRenderer } from '../../renderer/features/graph/software-gl';

describe('drawPolicy', () => {
  it('draws a small graph in full, with edge clicks and a live layout', () => {
    const p = drawPolicy(200, 600);
    expect(p).toMatchObject({ big: false, edgeType: 'line', nodeType: 'circle', enableEdgeEvents: true, hideEdgesWhileLayout: false, hideEdgesOnMove: false, edgesWhenStillMs: 0, hideLabelsOnMove: false, labelRenderedSizeThreshold: 7, postEveryMs: 120, pickingWhenStillMs: 150 });
  });

  it('draws 10,000 entities and 50,000 links with thin edges, no edge picking, few labels and one draw after the layout', () => {
    const p = drawPolicy(10_000, 50_000);
    expect(p).toMatchObject({ big: true, edgeType: 'thin', nodeType: 'point', enableEdgeEvents: false, hideEdgesWhileLayout: true, hideEdgesOnMove: false, edgesWhenStillMs: 200, hideLabelsOnMove: true, labelRenderedSizeThreshold: 11, budgetMs: 12_000 });
    // The picking pass comes back with the links, on the same still frame.
    expect(p.pickingWhenStillMs).toBe(p.edgesWhenStillMs);
    expect(p.postEveryMs).toBeGreaterThanOrEqual(3_000);
  });

  it('draws a big graph\'s moving frames at half resolution on software WebGL only', () => {
    expect(drawPolicy(10_000, 50_000, { softwareGl: true }).movingScale).toBe(0.5);
    expect(drawPolicy(10_000, 50_000, { softwareGl: false }).movingScale).toBe(1);
    expect(drawPolicy(10_000, 50_000).movingScale).toBe(1);
    expect(drawPolicy(200, 600, { softwareGl: true }).movingScale).toBe(1);
  });

  it('tells software rasterisers from GPUs by the renderer string', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Mesa Intel(R) UHD Graphics 620 (KBL GT2)')).toBe(false);
  });

  it('counts a graph as big by its edges alone', () => {
    expect(drawPolicy(1_500, 10_001).big).toBe(true);
    expect(drawPolicy(1_500, 10_000).big).toBe(false);
    expect(drawPolicy(2_001, 10).big).toBe(true);
  });
});
