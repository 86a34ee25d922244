/** Chat names from export file names, and which senders are phone numbers rather than contact names. */
import { matchCopy } from '../../text/normalise';

/** Localised prefixes of the exported file's name (Android `.txt`, iOS `.zip`), compared on a matching copy. */
const PREFIXES = [
  'WhatsApp Chat with ',
  'WhatsApp Chat - ',
  'WhatsApp Chat mit ',
  'WhatsApp-Chat mit ',
  'WhatsApp-chat met ',
  'WhatsApp Chat met ',
  'Chat de WhatsApp con ',
  'Chat WhatsApp con ',
  'Chat WhatsApp s uživatelem ',
  'Чат WhatsApp с контактом ',
  'Чат WhatsApp с ',
  'Чат WhatsApp з ',
  'Conversa no WhatsApp com ',
  'Conversa do WhatsApp com ',
  'Discussion WhatsApp avec ',
  'WhatsApp Sohbeti: ',
  'Czat WhatsApp z ',
  'WhatsApp-keskustelu: ',
  'Obrolan WhatsApp dengan ',
];

const PREFIX_KEYS = PREFIXES.map((p) => p.toLowerCase());

/**
 * The chat's name recovered from a file name (`WhatsApp Chat with Bob.txt` -> `Bob`), or undefined
 * when the name carries none (`_chat.txt`). Underscores stand for spaces in some shared file names.
 */
export function chatNameFromFileName(fileName: string): string | undefined {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const stem = base.replace(/\.(txt|zip)$/i, '');
  const key = matchCopy(stem).replace(/_/g, ' ').toLowerCase();
  for (let i = 0; i < PREFIX_KEYS.length; i++) {
    const p = PREFIX_KEYS[i]!;
    if (key.startsWith(p)) {
      const name = matchCopy(stem).replace(/_/g, ' ').slice(p.length).trim();
      return name.length ? name : undefined;
    }
  }
  return undefined;
}

/** True when a file name looks like a WhatsApp chat export (used to pick the zip member). */
export function isChatFileName(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === '_chat.txt') return true;
  if (!/\.txt$/i.test(base)) return false;
  return chatNameFromFileName(base) !== undefined || /whatsapp/i.test(base);
}

/** Hyphens phones put into numbers (U+2010-U+2015 dashes, U+2011 non-breaking hyphen, U+2212 minus). */
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * True when a sender is written as a phone number (`+91 98765 43210`, `‪+55 61 8121‑3457‬` with
 * wrapping marks, NBSPs and a non-breaking hyphen) rather than a saved contact name.
 */
export function looksLikePhone(sender: string): boolean {
  if (sender.length > 48) return false;
  let s = matchCopy(sender).replace(DASHES, '-').trim();
  if (s.startsWith('~')) s = s.slice(1).trim();
  if (!/^\+?[0-9(][0-9 ().-]*$/.test(s)) return false;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
  }
  return digits >= 6 && digits <= 15;
}
