/**
 * Myanmar syllable reordering for the PDF. fontkit shapes Burmese with its default shaper, which does not move the
 * pre-base vowel sign E (U+1031) and medial RA (U+103C) before their consonant or kinzi after it, so Burmese
 * prints with its vowels on the wrong side. This puts each syllable into the order HarfBuzz's Myanmar shaper
 * gives the font's lookups (E, then medial RA, then the consonant with its stack, then kinzi, then the rest).
 */

function isConsonant(c: number): boolean {
  return (
    (c >= 0x1000 && c <= 0x1021) || c === 0x103f || (c >= 0x1050 && c <= 0x1051) || (c >= 0x105a && c <= 0x105d) || c === 0x1061 || c === 0x1065 || c === 0x1066 ||
    (c >= 0x106e && c <= 0x1070) || (c >= 0x1075 && c <= 0x1081) || c === 0x108e || (c >= 0xaa60 && c <= 0xaa6f) || (c >= 0xaa71 && c <= 0xaa76) || (c >= 0xa9e0 && c <= 0xa9e4) ||
    (c >= 0xa9e7 && c <= 0xa9ef) || (c >= 0xa9fa && c <= 0xa9fe)
  );
}

/** Independent vowels and the dotted circle also carry dependent signs. */
function isBase(c: number): boolean {
  return isConsonant(c) || (c >= 0x1022 && c <= 0x102a) || (c >= 0x1052 && c <= 0x1055) || c === 0x25cc;
}

function isDependent(c: number): boolean {
  return (
    (c >= 0x102b && c <= 0x103e && c !== 0x1039) || (c >= 0x1056 && c <= 0x1059) || (c >= 0x105e && c <= 0x1060) || (c >= 0x1062 && c <= 0x1064) || (c >= 0x1067 && c <= 0x106d) ||
    (c >= 0x1071 && c <= 0x1074) || (c >= 0x1082 && c <= 0x108d) || c === 0x108f || (c >= 0x109a && c <= 0x109d) || c === 0x200c || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f) ||
    (c >= 0xaa7b && c <= 0xaa7d) || c === 0xa9e5 || c === 0xa9e6
  );
}

const VIRAMA = 0x1039;
const ASAT = 0x103a;
const NGA = 0x1004;
const PRE_E = 0x1031;
const MEDIAL_RA = 0x103c;

export function hasMyanmar(s: string): boolean {
  return /[\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F]/.test(s);
}

/** The text with each Myanmar syllable in shaping order; other characters are left where they are. */
export function reorderMyanmar(s: string): string {
  if (!hasMyanmar(s)) return s;
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  const out: number[] = [];
  let i = 0;
  while (i < cps.length) {
    let kinzi: number[] = [];
    if (cps[i] === NGA && cps[i + 1] === ASAT && cps[i + 2] === VIRAMA && i + 3 < cps.length && isConsonant(cps[i + 3]!)) {
      kinzi = cps.slice(i, i + 3);
      i += 3;
    }
    if (!isBase(cps[i] ?? -1)) {
      out.push(...kinzi);
      if (i < cps.length) out.push(cps[i]!);
      i++;
      continue;
    }
    const base = [cps[i]!];
    i++;
    // Stacked consonants (virama + consonant) belong to the base.
    while (cps[i] === VIRAMA && i + 1 < cps.length && isConsonant(cps[i + 1]!)) {
      base.push(cps[i]!, cps[i + 1]!);
      i += 2;
    }
    const rest: number[] = [];
    while (i < cps.length && (isDependent(cps[i]!) || (cps[i] === VIRAMA && isConsonant(cps[i + 1] ?? -1)))) {
      if (cps[i] === VIRAMA) {
        rest.push(cps[i]!, cps[i + 1]!);
        i += 2;
      } else rest.push(cps[i++]!);
    }
    out.push(...rest.filter((c) => c === PRE_E), ...rest.filter((c) => c === MEDIAL_RA), ...base, ...kinzi, ...rest.filter((c) => c !== PRE_E && c !== MEDIAL_RA));
  }
  return String.fromCodePoint(...out);
}
