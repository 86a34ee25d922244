/**
 * The fonts a PDF report embeds, found in resources/fonts (never the system's): which file serves which script,
 * where the folder is in a checkout, a build or an installed app, and each font's vertical metrics for layout.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ThreadlineError } from '../../errors';

export const FONT_KEYS = ['sans', 'bold', 'mono', 'thai', 'myanmar', 'khmer', 'arabic', 'hebrew', 'cjk', 'symbols'] as const;
export type FontKey = (typeof FONT_KEYS)[number];

export interface FontFile {
  file: string;
  /** PostScript name of the face inside a collection (.ttc). */
  face?: string;
  /** Layout metrics in em: ascent above the baseline and descent below it, as this report spaces lines. */
  ascent: number;
  descent: number;
  /** Needs OpenType shaping (marks, reordering, joining) rather than one glyph per character. */
  complex: boolean;
  /** Extra OpenType features to apply (Myanmar's are not applied by the default shaper). */
  features?: string[];
}

/**
 * Metrics are tuned per script, not read from the fonts: Noto Sans Myanmar declares an ascent of 1.32 em for its
 * tallest stacks, which would double the line height of every Burmese row; these values fit the text actually seen.
 */
export const FONT_FILES: Record<FontKey, FontFile> = {
  sans: { file: 'NotoSans-Regular.ttf', ascent: 1.0, descent: 0.3, complex: false },
  bold: { file: 'NotoSans-Bold.ttf', ascent: 1.0, descent: 0.3, complex: false },
  mono: { file: 'DejaVuSansMono.ttf', ascent: 0.95, descent: 0.28, complex: false },
  thai: { file: 'NotoSansThai-Regular.ttf', ascent: 1.08, descent: 0.42, complex: true },
  myanmar: {
    file: 'NotoSansMyanmar-Regular.ttf',
    ascent: 1.12,
    descent: 0.55,
    complex: true,
    features: ['locl', 'ccmp', 'rphf', 'pref', 'blwf', 'pstf', 'pres', 'abvs', 'blws', 'psts'],
  },
  khmer: { file: 'NotoSansKhmer-Regular.ttf', ascent: 1.08, descent: 0.5, complex: true },
  arabic: { file: 'NotoSansArabic-Regular.ttf', ascent: 1.08, descent: 0.45, complex: true },
  hebrew: { file: 'NotoSansHebrew-Regular.ttf', ascent: 1.0, descent: 0.32, complex: true },
  cjk: { file: 'NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular', ascent: 0.98, descent: 0.3, complex: false },
  symbols: { file: 'Symbola_hint.ttf', ascent: 0.98, descent: 0.3, complex: false },
};

/** resources/fonts of this installation: the packaged app's resources, a build's or a checkout's. */
export function defaultFontsDir(): string {
  const candidates: string[] = [];
  if (process.env.THREADLINE_FONTS_DIR) candidates.push(process.env.THREADLINE_FONTS_DIR);
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'fonts'));
  // From this module (main/engine/reports/pdf, or dist/ when bundled) up to the folder holding resources/.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources', 'fonts'));
    dir = resolve(dir, '..');
  }
  for (const c of candidates) if (existsSync(join(c, FONT_FILES.sans.file))) return c;
  return candidates[candidates.length - 1]!;
}

/** The font files of a folder, checked: a missing font is an error, never a silent fallback to system fonts. */
export function fontPaths(dir: string): Record<FontKey, string> {
  const out = {} as Record<FontKey, string>;
  const missing: string[] = [];
  for (const k of FONT_KEYS) {
    const p = join(dir, FONT_FILES[k].file);
    if (!existsSync(p)) missing.push(FONT_FILES[k].file);
    out[k] = p;
  }
  if (missing.length) {
    throw new ThreadlineError('REPORT_FONT_MISSING', `The report font${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing from ${dir}.`, {
      file: dir,
      hint: 'Reinstall Threadline, or point THREADLINE_FONTS_DIR at a copy of resources/fonts (see resources/fonts/LICENSES.md).',
    });
  }
  return out;
}
