/** What a WhatsApp message body means: system notice, media, attachment, deletion, edit, missed call, location. */
// Texts are those seen in real exports (FORMATS.md §1.4), in many languages. Everything is decided on a
// matching copy; the stored body is never changed.
import { matchCopy } from '../../text/normalise';
import type { MessageKind } from '../../model/records';

export interface BodyInfo {
  kind: MessageKind;
  /** Attachments the body names (`omitted` = a placeholder such as `<Media omitted>`). */
  attachments: { name: string; omitted: boolean }[] | undefined;
  flags: string[] | undefined;
  /** A missed call (the only call event exports write). */
  call: { media: 'voice' | 'video'; group: boolean } | undefined;
  /** A system notice written under an author (iOS puts the E2E notice under the chat's name). */
  systemByText: boolean;
  /** `You deleted this message`: the device owner wrote this message. */
  byOwner: boolean;
}

const nfc = (s: string): string => s.normalize('NFC');

/** Placeholders are short; longer first lines are only checked for what can be long. */
const SHORT = 400;

/** Comparison key: invisibles removed, odd spaces plain, trimmed, lower case, a final full stop dropped. */
export function keyOf(text: string): string {
  let k = matchCopy(text).trim().toLowerCase();
  const last = k.charCodeAt(k.length - 1);
  if (last === 0x2e || last === 0x3002) k = k.slice(0, -1).trimEnd();
  return k;
}

// E2E notices and security-code changes, which iOS writes under an author (and Android sometimes too).
const SYSTEM_FRAGMENTS: readonly string[] = [
  'messages and calls are end-to-end encrypted',
  'messages to this group are now secured with end-to-end encryption',
  'messages you send to this group are now secured with end-to-end encryption',
  'messages you send to this chat and calls are now secured with end-to-end encryption',
  'cifrados de extremo a extremo',
  'ende-zu-ende-verschlüsselt',
  'chiffrés de bout en bout',
  'crittografati end-to-end',
  'encriptadas ponto a ponto',
  'criptografadas de ponta a ponta',
  'защищены сквозным шифрованием',
  'захищено наскрізним шифруванням',
  'koncovým šifrováním',
  'terenkripsi secara end-to-end',
  'エンドツーエンド暗号化',
  'เข้ารหัสจากต้นทางถึงปลายทาง',
  'एंड-टू-एंड एन्क्रिप्टेड',
  'مشفرة تمامًا بين الطرفين',
  'được mã hóa đầu cuối',
  'worden end-to-end versleuteld',
  'uçtan uca şifreli',
  '端到端加密',
  'your security code with',
  'sicherheitsnummer für',
  'votre code de sécurité avec',
  'il tuo codice di sicurezza con',
  'o seu código de segurança',
  'seu código de segurança com',
  'cambió tu código de seguridad',
  'код безопасности с',
  'код безпеки з',
  'bezpečnostní kód mezi vámi',
  'kode keamanan anda dengan',
  'とのセキュリティコードが変更されました',
  'รหัสความปลอดภัยของคุณกับ',
  'के लिए आपका सुरक्षा कोड बदल गया है',
  'تغيّر رمز أمانك',
  'mã bảo mật của bạn với',
].map(nfc);

const DELETED_BY_OTHER = new Set([
  'this message was deleted',
  'diese nachricht wurde gelöscht',
  'ce message a été supprimé',
  'se eliminó este mensaje',
  'este mensaje fue eliminado',
  'questo messaggio è stato eliminato',
  'esta mensagem foi apagada',
  'mensagem apagada',
  'данное сообщение удалено',
  'это сообщение удалено',
  'це повідомлення було видалено',
  'tato zpráva byla odstraněna',
  'tato zpráva byla smazána',
  'dit bericht is verwijderd',
  'pesan ini dihapus',
  'このメッセージは削除されました',
  'ข้อความนี้ถูกลบแล้ว',
  'यह मैसेज डिलीट कर दिया गया है',
  'تم حذف هذه الرسالة',
  'tin nhắn này đã bị xóa',
  'bu mesaj silindi',
  '此消息已删除',
].map(nfc));

const DELETED_BY_YOU = new Set([
  'you deleted this message',
  'du hast diese nachricht gelöscht',
  'vous avez supprimé ce message',
  'eliminaste este mensaje',
  'hai eliminato questo messaggio',
  'apagou esta mensagem',
  'você apagou esta mensagem',
  'вы удалили данное сообщение',
  'вы удалили это сообщение',
  'ви видалили це повідомлення',
  'tuto zprávu jste odstranil/a',
  'tuto zprávu jste smazal/a',
  'u hebt dit bericht verwijderd',
  'je hebt dit bericht verwijderd',
  'anda menghapus pesan ini',
  'このメッセージを削除しました',
  'คุณได้ลบข้อความนี้',
  'आपने यह मैसेज डिलीट किया',
  'لقد حذَفت هذه الرسالة',
  'أنت حذفت هذه الرسالة',
  'bạn đã xoá tin nhắn này',
  'bu mesajı sildiniz',
  '你删除了此消息',
].map(nfc));

/** Missed-call texts (start of the body), with the call's media. */
const MISSED_CALLS: readonly (readonly [string, 'voice' | 'video', boolean])[] = [
  ['missed group voice call', 'voice', true],
  ['missed group video call', 'video', true],
  ['missed voice call', 'voice', false],
  ['missed video call', 'video', false],
  ['zmeškaný videohovor', 'video', false],
  ['zmeškaný hovor', 'voice', false],
  ['gemiste video-oproep', 'video', false],
  ['gemiste videogesprek', 'video', false],
  ['gemiste spraakoproep', 'voice', false],
  ['пропущенный видеозвонок', 'video', false],
  ['пропущенный аудиозвонок', 'voice', false],
  ['пропущений відеодзвінок', 'video', false],
  ['пропущений аудіодзвінок', 'voice', false],
  ['verpasster videoanruf', 'video', false],
  ['verpasster sprachanruf', 'voice', false],
  ['videollamada perdida', 'video', false],
  ['llamada de voz perdida', 'voice', false],
  ['llamada perdida', 'voice', false],
  ['chamada de vídeo perdida', 'video', false],
  ['chamada de voz perdida', 'voice', false],
  ['appel vidéo manqué', 'video', false],
  ['appel vocal manqué', 'voice', false],
  ['videochiamata persa', 'video', false],
  ['chiamata vocale persa', 'voice', false],
  ['panggilan video tak terjawab', 'video', false],
  ['panggilan suara tak terjawab', 'voice', false],
  ['cevapsız görüntülü arama', 'video', false],
  ['cevapsız sesli arama', 'voice', false],
];

/** Android `<Media omitted>` in the languages of real exports (compared lower-case). */
const ANDROID_OMITTED = new Set([
  '<media omitted>',
  '<medien ausgeschlossen>',
  '<medien weggelassen>',
  '<média vynechány>',
  '<média vynechána>',
  '<media weggelaten>',
  '<без медиафайлов>',
  '<файл пропущен>',
  '<медіа пропущено>',
  '<ไฟล์สื่อถูกลบ>',
  '<สื่อถูกลบ>',
  '<multimedia omitido>',
  '<archivo omitido>',
  '<médias omis>',
  '<fichier omis>',
  '<media omessi>',
  '<media omesso>',
  '<mídia omitida>',
  '<ficheiro não revelado>',
  '<medya dahil edilmedi>',
  '<medya atlanmış>',
  '<pominięto multimedia>',
  '<pliki pominięto>',
  '<media tidak disertakan>',
  '<media dikecualikan>',
  '<メディアなし>',
  '<メディアは含まれていません>',
  '<省略多媒体文件>',
  '<忽略多媒體檔>',
  '<미디어 파일 제외됨>',
  '<미디어 파일을 생략한 대화내용>',
  '<मीडिया के बिना>',
  '<تم استبعاد الوسائط>',
  '<bỏ qua tệp phương tiện>',
  '<bỏ qua media>',
  '<medier udeladt>',
  '<media utelatt>',
  '<media utelämnat>',
  '<media jätettiin pois>',
  '<média elhagyva>',
  '<conținut media omis>',
  '<αρχείο παραλήφθηκε>',
  '<המדיה לא נכללה>',
  '<رسانه حذف شد>',
  '<میڈیا چھوڑ دیا گیا>',
].map(nfc));

type OmittedType = 'image' | 'video' | 'audio' | 'sticker' | 'gif' | 'contact' | 'document';

/** iOS `image omitted` etc., per language (compared lower-case, at the end of the body). */
const IOS_OMITTED: readonly (readonly [string, OmittedType])[] = [
  ['image omitted', 'image'], ['video omitted', 'video'], ['audio omitted', 'audio'], ['sticker omitted', 'sticker'], ['gif omitted', 'gif'], ['contact card omitted', 'contact'], ['document omitted', 'document'],
  ['bild weggelassen', 'image'], ['video weggelassen', 'video'], ['audio weggelassen', 'audio'], ['sticker weggelassen', 'sticker'], ['gif weggelassen', 'gif'], ['kontaktkarte ausgelassen', 'contact'], ['dokument weggelassen', 'document'],
  ['image absente', 'image'], ['vidéo absente', 'video'], ['audio omis', 'audio'], ['sticker omis', 'sticker'], ['gif retiré', 'gif'], ['fiche contact manquante', 'contact'], ['document manquant', 'document'],
  ['immagine omessa', 'image'], ['video omesso', 'video'], ['audio omesso', 'audio'], ['sticker non incluso', 'sticker'], ['gif esclusa', 'gif'], ['scheda contatto omessa', 'contact'], ['documento omesso', 'document'],
  ['imagen omitida', 'image'], ['video omitido', 'video'], ['audio omitido', 'audio'], ['sticker omitido', 'sticker'], ['gif omitido', 'gif'], ['tarjeta de contacto omitida', 'contact'], ['documento omitido', 'document'],
  ['imagem não revelada', 'image'], ['vídeo não revelado', 'video'], ['ficheiro de áudio não revelado', 'audio'], ['sticker não revelado', 'sticker'], ['gif não revelada', 'gif'], ['contacto não revelado', 'contact'], ['documento não revelado', 'document'],
  ['imagem ocultada', 'image'], ['vídeo omitido', 'video'], ['áudio ocultado', 'audio'], ['figurinha omitida', 'sticker'],
  ['изображение отсутствует', 'image'], ['видео отсутствует', 'video'], ['аудиофайл отсутствует', 'audio'], ['стикер не добавлен', 'sticker'], ['gif отсутствует', 'gif'], ['карточка контакта отсутствует', 'contact'], ['документ отсутствует', 'document'],
  ['зображення відсутнє', 'image'], ['відео відсутнє', 'video'], ['аудіо відсутнє', 'audio'], ['наклейку не додано', 'sticker'], ['gif-анімацію пропущено', 'gif'], ['картка контакту відсутня', 'contact'], ['документ пропущено', 'document'],
  ['obrázek vynechán', 'image'], ['video vynecháno', 'video'], ['zvukový soubor vynechán', 'audio'], ['nálepka vynechána', 'sticker'], ['gif vynechán', 'gif'], ['vizitka vynechána', 'contact'], ['dokument vynechán', 'document'],
  ['画像は含まれていません', 'image'], ['ビデオは含まれていません', 'video'], ['音声は含まれていません', 'audio'], ['スタンプは含まれていません', 'sticker'], ['gifは含まれていません', 'gif'], ['連絡先カードを省略', 'contact'], ['ドキュメントは含まれていません', 'document'],
  ['ไม่มีรูปภาพ', 'image'], ['วิดีโอถูกลบ', 'video'], ['ไม่มีไฟล์เสียง', 'audio'], ['ไม่มีสติกเกอร์', 'sticker'], ['ละเว้น gif', 'gif'], ['บัตรรายชื่อที่ละเว้น', 'contact'], ['ละเว้นเอกสาร', 'document'],
  ['फ़ोटो हटाई गई', 'image'], ['वीडियो छोड़ा गया', 'video'], ['ऑडियो हटाई गयी', 'audio'], ['स्टिकर छोड़ा गया', 'sticker'], ['gif छोड़ा गया', 'gif'], ['कॉन्टैक्ट कार्ड छोड़ा गया', 'contact'], ['डॉक्यूमेंट छोड़ा गया', 'document'],
  ['لم يتم إدراج الصورة', 'image'], ['لم يتم إدراج الفيديوهات', 'video'], ['لم يتم إدراج المقاطع الصوتية', 'audio'], ['تم حذف الملصقات', 'sticker'], ['لم يتم إدراج صورة gif', 'gif'], ['لم يتم إدراج بطاقة جهة اتصال', 'contact'], ['لم يتم إدراج المستند', 'document'],
  ['gambar tidak disertakan', 'image'], ['video tidak disertakan', 'video'], ['audio tidak disertakan', 'audio'], ['stiker tidak disertakan', 'sticker'], ['gif tidak disertakan', 'gif'], ['kartu kontak tidak disertakan', 'contact'], ['dokumen tidak disertakan', 'document'],
  ['đã bỏ qua hình ảnh', 'image'], ['đã bỏ video', 'video'], ['bỏ qua tệp âm thanh', 'audio'], ['đã bỏ sticker', 'sticker'], ['đã bỏ qua ảnh gif', 'gif'], ['bỏ qua thẻ liên lạc', 'contact'], ['đã bỏ qua tài liệu', 'document'],
];

/** Android `(file attached)` suffixes per language. */
const FILE_ATTACHED = new Set([
  'file attached',
  'datei angehängt',
  'bestand bijgevoegd',
  'soubor byl přiložen',
  'файл добавлен',
  'файл додано',
  'archivo adjunto',
  'fichier joint',
  'file allegato',
  'arquivo anexado',
  'ficheiro anexado',
  'dosya ekli',
  'plik załączony',
  'tệp đính kèm',
  'file terlampir',
  'ไฟล์แนบ',
].map(nfc));

const EDITED = ['<this message was edited>', '<diese nachricht wurde bearbeitet>', '<se editó este mensaje>', '<ce message a été modifié>', '<questo messaggio è stato modificato>', '<mensagem editada>', '<сообщение изменено>', '<pesan ini telah diedit>', '<dit bericht is bewerkt>'];

const IOS_OMITTED_EXACT: ReadonlyMap<string, OmittedType> = new Map(IOS_OMITTED.map(([p, t]) => [p.normalize('NFC'), t] as const));
const IOS_DOCUMENT_OMITTED = IOS_OMITTED.filter(([, t]) => t === 'document').map(([p]) => p.normalize('NFC'));

const RE_IOS_ATTACHED = /<\s*attached:\s*([^<>]{1,255}?)\s*>/i;
/** iOS in other languages: `<Anhang: 00000012-PHOTO-….jpg>`: recognised by the 8-digit running id. */
const RE_IOS_ATTACHED_ANY = /<[^<>:]{2,30}:\s*(\d{8}-[^<>]{1,240}?)\s*>/;
const RE_IOS_OLD_ATTACHED = /^(\S[^<>]{0,250}?\.[A-Za-z0-9]{1,6}) <attached>$/;
const RE_ANDROID_ATTACHED = /^(\S[^()]{0,250}?) \(([^()]{2,40})\)$/;
/** Android media file names (`IMG-20190101-WA0000.jpg`, old voice notes `AUD-…-WA0000.`). */
const RE_ANDROID_MEDIA_NAME = /^(?:IMG|VID|AUD|PTT|STK|DOC|GIF)-\d{8}-WA\d{4,}/;
const RE_MAPS = /^(?:[^:]{1,80}: ?)?https?:\/\/maps\.google\.com\/\?q=-?\d/;

function isLetterAfter(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return (c >= 0x61 && c <= 0x7a) || c >= 0xc0;
}

function hasDirectionMark(s: string): boolean {
  return s.indexOf('\u200e') >= 0 || s.indexOf('\u200f') >= 0;
}

/** The last character that is not white space or an invisible mark (0 when none). */
function lastVisible(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x202f || c === 0xfeff || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) continue;
    return c;
  }
  return 0;
}

/** A fresh result to pass to classify() (reused across calls: read it before the next call). */
export function newBodyInfo(): BodyInfo {
  return { kind: 'text', attachments: undefined, flags: undefined, call: undefined, systemByText: false, byOwner: false };
}

/** Texts that mark an end-to-end-encryption notice written under an author (Arabic names WhatsApp in Arabic). */
function mayBeSystemNotice(first: string): boolean {
  const c = first.charCodeAt(0);
  return c === 0x200e || c === 0x200f || first.includes('WhatsApp') || first.includes('end-to-end') || first.includes('واتساب');
}

function pushFlag(info: BodyInfo, f: string): void {
  if (info.flags) info.flags.push(f);
  else info.flags = [f];
}

/**
 * Classify a message from its first line (and, for multi-line bodies, its line count and last line) into
 * `info`. `markBeforeHeader`: the header line started with LRM/RLM, which iOS writes only before media lines.
 */
export function classify(info: BodyInfo, first: string, lineCount: number, lastLine: string, hasAuthor: boolean, markBeforeHeader: boolean): BodyInfo {
  info.kind = 'text';
  info.attachments = undefined;
  info.flags = undefined;
  info.call = undefined;
  info.systemByText = false;
  info.byOwner = false;
  // `<This message was edited>` is appended to the body (Android, 2023+).
  const last = lineCount > 1 ? lastLine : first;
  if (last.length <= SHORT * 4 && lastVisible(last) === 0x3e) {
    const lastKey = keyOf(last);
    for (const e of EDITED) {
      if (lastKey.endsWith(e)) {
        pushFlag(info, 'edited');
        break;
      }
    }
  }
  if (!hasAuthor) {
    info.kind = 'system';
    return info;
  }
  classifyKind(info, first, lineCount, lastLine, markBeforeHeader);
  return info;
}

/** Placeholders, deletions and call notices are short (< 60 characters): longer first lines skip those checks. */
const SHORT_KEY = 96;

function classifyKind(info: BodyInfo, first: string, lineCount: number, lastLine: string, markBeforeHeader: boolean): void {
  const len = first.length;
  if (len > SHORT * 2) return;
  if (lineCount === 1 && len >= 24 && mayBeSystemNotice(first)) {
    const key = keyOf(first).normalize('NFC');
    for (const f of SYSTEM_FRAGMENTS) {
      if (key.includes(f)) {
        info.kind = 'system';
        info.systemByText = true;
        return;
      }
    }
  }
  let copy: string | undefined;
  if (len <= SHORT_KEY && SHORT_FIRST.has(firstVisible(first))) {
    copy = matchCopy(first).trim();
    // NFC: Devanagari nukta letters and other composed forms are written both ways.
    let key = copy.toLowerCase();
    if (NEEDS_NFC.test(key)) key = key.normalize('NFC');
    const end = key.charCodeAt(key.length - 1);
    if (end === 0x2e || end === 0x3002) key = key.slice(0, -1).trimEnd();
    if (key.length <= 40) {
      const byFirst = MISSED_BY_FIRST.get(key.charCodeAt(0));
      if (byFirst) {
        for (const [text, media, group] of byFirst) {
          if (key.startsWith(text) && !isLetterAfter(key, text.length)) {
            info.kind = 'call';
            info.call = { media, group };
            return;
          }
        }
      }
    }
    if (lineCount === 1) {
      if (DELETED_BY_OTHER.has(key)) {
        info.kind = 'deleted';
        return;
      }
      if (DELETED_BY_YOU.has(key)) {
        info.kind = 'deleted';
        info.byOwner = true;
        return;
      }
      if (key === 'null') {
        info.kind = 'other';
        pushFlag(info, 'null-body');
        return;
      }
    }
    if (key.startsWith('waiting for this message')) {
      info.kind = 'other';
      pushFlag(info, 'waiting-for-message');
      return;
    }
    if (key.charCodeAt(0) === 0x3c && ANDROID_OMITTED.has(key)) {
      info.kind = 'media';
      info.attachments = [{ name: copy, omitted: true }];
      return;
    }
    const omitted = IOS_OMITTED_EXACT.get(key);
    if (omitted) {
      info.kind = omitted === 'contact' ? 'contact' : 'media';
      info.attachments = [{ name: copy, omitted: true }];
      return;
    }
    if (key === 'live location shared') {
      info.kind = 'location';
      return;
    }
  }
  // Attachments named in the body (names can be long).
  const hasLt = first.includes('<');
  const endsParen = lastVisible(first) === 0x29;
  if (hasLt || endsParen) {
    copy ??= matchCopy(first).trim();
    let m = hasLt ? (RE_IOS_ATTACHED.exec(copy) ?? RE_IOS_ATTACHED_ANY.exec(copy) ?? RE_IOS_OLD_ATTACHED.exec(copy)) : null;
    if (!m && endsParen) {
      m = RE_ANDROID_ATTACHED.exec(copy);
      if (m && !(FILE_ATTACHED.has(m[2]!.toLowerCase().normalize('NFC')) || RE_ANDROID_MEDIA_NAME.test(m[1]!))) m = null;
    }
    if (m) {
      const name = m[1]!.trim();
      info.kind = /\.vcf$/i.test(name) ? 'contact' : 'media';
      info.attachments = [{ name, omitted: false }];
      return;
    }
  }
  // `Name.pdf • ‎2 pages ‎document omitted`: iOS names the document first.
  if (hasDirectionMark(first)) {
    copy ??= matchCopy(first).trim();
    const key = copy.toLowerCase().normalize('NFC');
    for (const phrase of IOS_DOCUMENT_OMITTED) {
      if (key.endsWith(phrase)) {
        const before = copy.slice(0, copy.length - phrase.length).trim();
        const dot = before.indexOf(' • ');
        const name = (dot >= 0 ? before.slice(0, dot) : before).trim();
        info.kind = 'media';
        info.attachments = [{ name: name || copy, omitted: true }];
        return;
      }
    }
  }
  if (first.includes('://')) {
    copy ??= matchCopy(first).trim();
    if (RE_MAPS.test(copy)) {
      info.kind = 'location';
      return;
    }
  }
  // Android writes a shared place as name / area / URL on up to three lines; iOS on one.
  if (lineCount <= 3 && (lineCount > 1 ? lastLine : first).includes('foursquare.com/v/')) {
    info.kind = 'location';
    return;
  }
  if (first.startsWith('POLL:')) {
    info.kind = 'poll';
    return;
  }
  // iOS writes LRM before the header only on media lines: a placeholder in a language not listed above.
  const c0 = first.charCodeAt(0);
  if (markBeforeHeader && lineCount === 1 && len <= 160 && (c0 === 0x200e || c0 === 0x200f)) {
    info.kind = 'media';
    info.attachments = [{ name: matchCopy(first).trim(), omitted: true }];
    pushFlag(info, 'media-placeholder-inferred');
  }
}

/** The first character that is not white space or an invisible mark (0 when none). */
function firstVisible(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x202f || c === 0xfeff || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) continue;
    return c;
  }
  return 0;
}

/**
 * First characters (both cases) of every short text the key checks look for: a message starting with
 * anything else skips them, so most messages never build a lower-case key.
 */
const SHORT_FIRST: ReadonlySet<number> = (() => {
  const texts = [
    ...MISSED_CALLS.map((e) => e[0]),
    ...DELETED_BY_OTHER,
    ...DELETED_BY_YOU,
    ...ANDROID_OMITTED,
    ...IOS_OMITTED.map((e) => e[0]),
    'null',
    'waiting for this message',
    'live location shared',
  ];
  const set = new Set<number>();
  for (const t of texts) {
    const c = t.charAt(0);
    set.add(c.charCodeAt(0));
    set.add(c.toUpperCase().charCodeAt(0));
    set.add(c.normalize('NFD').charCodeAt(0));
  }
  return set;
})();

/** Combining marks and Indic scripts, where NFC and NFD spellings of the same text differ. */
const NEEDS_NFC = /[\u0300-\u036f\u0900-\u0dff]/;

/** Missed-call texts grouped by first character, so most messages test none of them. */
const MISSED_BY_FIRST: ReadonlyMap<number, (readonly [string, 'voice' | 'video', boolean])[]> = (() => {
  const m = new Map<number, (readonly [string, 'voice' | 'video', boolean])[]>();
  for (const e of MISSED_CALLS) {
    const k = e[0].charCodeAt(0);
    const list = m.get(k) ?? [];
    list.push(e);
    m.set(k, list);
  }
  return m;
})();
