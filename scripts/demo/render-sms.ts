// SMS Backup & Restore XML: sms-*.xml (SMS and one MMS with a tiny image) and calls-*.xml, as the Android app writes them.
import { DateTime } from 'luxon';
import type { At } from './corpus';
import type { CallLog, Sms } from './content/phone-logs';
import { TextDoc, type RenderCtx } from './doc';
import { bitmapPng, TOY_QR } from './media';
import type { PhoneForm } from './phones';
import { formAllowed } from './phones';
import { recordStatement, renderIdent, renderMarkers } from './text';
import type { Ident } from './world';

/** The deposit "QR code" the boss sends: a tiny valid PNG, never opened by the importer. */
const QR_PNG = bitmapPng(TOY_QR).toString('base64');

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

export interface SmsSpec {
  file: string;
  /** Contact names as saved on the phone, per person id. */
  contactNames: Record<string, string>;
  backupAt: number;
  backupSet: string;
}

function readable(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).setLocale('en').toFormat('d MMM yyyy HH:mm:ss');
}

/** How this phone stored a number: its own country's numbers nationally, others in E.164 (one typed with 00). */
function addressForm(ctx: RenderCtx, id: Ident, typed: boolean): PhoneForm {
  if (typed && !formAllowed(id.value, 'national-compact', ctx.device.region)) return 'idd00';
  return formAllowed(id.value, 'national-compact', ctx.device.region) ? 'national-compact' : 'e164';
}

function header(kind: 'sms' | 'calls', at: number, zone: string): string[] {
  const made = DateTime.fromMillis(at, { zone }).toFormat('dd/MM/yyyy HH:mm:ss');
  return [
    "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>",
    `<!--File Created By SMS Backup & Restore v10.20.002 on ${made}-->`,
    `<?xml-stylesheet type="text/xsl" href="${kind}.xsl"?>`,
  ];
}

export function renderSms(ctx: RenderCtx, spec: SmsSpec, log: Sms[]): { text: string; counts: Record<string, number> } {
  const { world, corpus, device } = ctx;
  const doc = new TextDoc();
  for (const l of header('sms', spec.backupAt, device.zone)) doc.add(l);
  const smsCount = log.filter((s) => !s.mms).length;
  const mmsCount = log.length - smsCount;
  doc.add(`<smses count="${log.length}" backup_set="${spec.backupSet}" backup_date="${spec.backupAt}" type="full">`);
  const ownerIdent = world.ident(device.ownerIdent);
  let si = 0;
  let mi = 0;
  let typedOnce = false;
  for (const s of log) {
    const alpha = !s.peer.includes('.');
    const peer = alpha ? undefined : world.ident(s.peer);
    let address = s.peer;
    let form = 'alphanumeric';
    if (peer) {
      const typed = s.sent && !typedOnce && !formAllowed(peer.value, 'national-compact', device.region);
      if (typed) typedOnce = true;
      form = addressForm(ctx, peer, typed);
      address = renderIdent(peer, form);
    }
    const contact = (peer && spec.contactNames[peer.key]) ?? '(Unknown)';
    const { text, spans } = renderMarkers(world, s.text, { region: device.region, phoneForms: ['intl', 'e164'], rng: ctx.rng });
    const speaker = s.sent ? device.owner : peer?.person ?? null;
    const speakerId = s.sent ? ownerIdent : peer;
    const date = s.t;
    if (!s.mms) {
      si++;
      const path = `/smses/sms[${si}]`;
      const line = doc.next;
      const at: At = { line, path };
      if (peer) {
        corpus.occur(spec.file, { line, path: `${path}/@address` }, peer, address, form, 'used-by', 'sms-address');
        if (contact !== '(Unknown)') corpus.name(spec.file, { line, path: `${path}/@contact_name` }, contact, peer.person, 'sms-contact-name');
      }
      recordStatement(corpus, spec.file, at, speaker, speakerId, spans);
      const sentAt = s.sent ? 0 : date - ctx.rng.int(1000, 4000);
      doc.add(
        `  <sms protocol="0" address="${xmlEscape(address)}" date="${date}" type="${s.sent ? 2 : 1}" subject="null" body="${xmlEscape(text)}" toa="null" sc_toa="null" service_center="${s.sent ? 'null' : '+959000000012'}" read="1" status="-1" locked="0" date_sent="${sentAt}" sub_id="1" readable_date="${readable(date, device.zone)}" contact_name="${xmlEscape(contact)}" />`,
      );
    } else {
      mi++;
      const path = `/smses/mms[${mi}]`;
      const line = doc.next;
      if (!peer) throw new Error('an MMS needs a phone peer');
      corpus.occur(spec.file, { line, path: `${path}/@address` }, peer, address, form, 'used-by', 'sms-address');
      const mid = Buffer.from(ctx.rng.bytes(8)).toString('hex').toUpperCase();
      doc.add(
        `  <mms date="${date}" ct_t="application/vnd.wap.multipart.related" msg_box="${s.sent ? 2 : 1}" address="${xmlEscape(address)}" read="1" m_id="${mid}@mms.example" sub="null" m_type="${s.sent ? 128 : 132}" sub_id="1" text_only="0" readable_date="${readable(date, device.zone)}" contact_name="${xmlEscape(contact)}">`,
      );
      doc.add('    <parts>');
      doc.add('      <part seq="-1" ct="application/smil" name="null" chset="null" cd="null" fn="null" cid="&lt;smil&gt;" cl="smil.xml" ctt_s="null" ctt_t="null" text="&lt;smil&gt;&lt;head&gt;&lt;layout&gt;&lt;root-layout/&gt;&lt;/layout&gt;&lt;/head&gt;&lt;body&gt;&lt;par dur=&quot;5000ms&quot;&gt;&lt;img src=&quot;qr.png&quot;/&gt;&lt;text src=&quot;text_0.txt&quot;/&gt;&lt;/par&gt;&lt;/body&gt;&lt;/smil&gt;" />');
      doc.add(`      <part seq="0" ct="image/png" name="qr.png" chset="null" cd="null" fn="null" cid="&lt;qr&gt;" cl="qr.png" ctt_s="null" ctt_t="null" text="null" data="${QR_PNG}" />`);
      const textLine = doc.next;
      doc.add(`      <part seq="0" ct="text/plain" name="null" chset="106" cd="null" fn="null" cid="&lt;text_0&gt;" cl="text_0.txt" ctt_s="null" ctt_t="null" text="${xmlEscape(text)}" />`);
      recordStatement(corpus, spec.file, { line: textLine, path: `${path}/parts/part[3]/@text` }, speaker, speakerId, spans);
      doc.add('    </parts>');
      doc.add('    <addrs>');
      const addrLine = doc.next;
      doc.add(`      <addr address="${xmlEscape(address)}" type="${s.sent ? 151 : 137}" charset="106" />`);
      corpus.occur(spec.file, { line: addrLine, path: `${path}/addrs/addr[1]/@address` }, peer, address, form, 'used-by', 'mms-address');
      const own = renderIdent(ownerIdent, 'e164');
      const ownLine = doc.next;
      doc.add(`      <addr address="${own}" type="${s.sent ? 137 : 151}" charset="106" />`);
      corpus.occur(spec.file, { line: ownLine, path: `${path}/addrs/addr[2]/@address` }, ownerIdent, own, 'e164', 'used-by', 'mms-address');
      doc.add('    </addrs>');
      doc.add('  </mms>');
    }
  }
  doc.add('</smses>');
  return { text: doc.toString('\n'), counts: { sms: smsCount, mms: mmsCount } };
}

export function renderCalls(ctx: RenderCtx, spec: SmsSpec, log: CallLog[]): { text: string; counts: Record<string, number> } {
  const { world, corpus, device } = ctx;
  const doc = new TextDoc();
  for (const l of header('calls', spec.backupAt, device.zone)) doc.add(l);
  doc.add(`<calls count="${log.length}" backup_set="${spec.backupSet}" backup_date="${spec.backupAt}" type="full">`);
  log.forEach((c, i) => {
    const peer = world.ident(c.peer);
    const form = addressForm(ctx, peer, false);
    const number = renderIdent(peer, form);
    const contact = spec.contactNames[peer.key] ?? '(Unknown)';
    const path = `/calls/call[${i + 1}]`;
    const line = doc.next;
    corpus.occur(spec.file, { line, path: `${path}/@number` }, peer, number, form, 'used-by', 'call');
    if (contact !== '(Unknown)') corpus.name(spec.file, { line, path: `${path}/@contact_name` }, contact, peer.person, 'call-contact-name');
    doc.add(
      `  <call number="${xmlEscape(number)}" duration="${c.durationS}" date="${c.t}" type="${c.type}" presentation="1" subscription_id="1" post_dial_digits="" subscription_component_name="com.android.phone/com.android.services.telephony.TelephonyConnectionService" readable_date="${readable(c.t, device.zone)}" contact_name="${xmlEscape(contact)}" />`,
    );
  });
  doc.add('</calls>');
  return { text: doc.toString('\n'), counts: { calls: log.length } };
}
