/**
 * Whether WebGL runs in software (SwiftShader, llvmpipe …), as it does on workstations and virtual machines without a
 * usable GPU. There a big graph's frame costs what it fills in pixels, so moving frames are drawn coarse
 * (draw-policy.ts); with a GPU they are not, and motion stays sharp.
 */

/** Renderer strings of software rasterisers (WEBGL_debug_renderer_info), as Chromium and Mesa report them. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|lavapipe|software|microsoft basic render/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE.test(renderer);
}

let cached: boolean | undefined;

/** Asked once per page, from a throwaway context (released at once). Unknown (no extension) counts as hardware. */
export function softwareWebGl(): boolean {
  if (cached !== undefined) return cached;
  cached = false;
  // Structural types: the unit tests type-check this module without the DOM library.
  type Gl = { getExtension(name: string): unknown; getParameter(p: number): unknown };
  type Doc = { createElement(t: 'canvas'): { getContext(kind: string): Gl | null } };
  try {
    const doc = (globalThis as { document?: Doc }).document;
    if (!doc) return cached;
    const canvas = doc.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return cached;
    const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
    if (info) cached = isSoftwareRenderer(String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)));
    (gl.getExtension('WEBGL_lose_context') as { loseContext(): void } | null)?.loseContext();
  } catch {
    // No WebGL here at all: sigma will say so itself.
  }
  return cached;
}
