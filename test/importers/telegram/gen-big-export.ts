/**
 * Writes a synthetic Telegram Desktop full-account result.json of N messages in tdesktop's own layout
 * (one-space indentation, one key per line) for the parse benchmark: mixed text lengths, entities,
 * media placeholders, service messages and calls. Usage: npx tsx test/importers/telegram/gen-big-export.ts OUT [N]
 */
import { createWriteStream } from 'node:fs';

export async function writeBigExport(path: string, n: number, chats = 20): Promise<number> {
  const out = createWriteStream(path);
  let buf = '';
  let bytes = 0;
  const w = async (s: string): Promise<void> => {
    buf += s;
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  };
  const texts = ['ok', 'see you tomorrow', 'send 1500 USDT to the usual wallet', 'Привет, как дела?', 'where is the shipment? the boss is asking', 'ครับ', 'call me', 'done 👍'];
  await w('{\n "about": "Here is the data you requested. Remember: Telegram is ad free, supported by its users.",\n');
  await w(' "personal_information": {\n  "user_id": 111,\n  "first_name": "Owner",\n  "last_name": "",\n  "phone_number": "+66 81 234 5678",\n  "username": "@owner"\n },\n');
  await w(' "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n');
  const per = Math.ceil(n / chats);
  let id = 0;
  let t = 1600000000;
  let written = 0;
  for (let c = 0; c < chats && written < n; c++) {
    const peer = 1000 + c;
    await w(`   {\n    "name": "Peer ${c}",\n    "type": "personal_chat",\n    "id": ${peer},\n    "messages": [\n`);
    for (let i = 0; i < per && written < n; i++, written++) {
      id++;
      t += 37;
      const d = new Date((t + 7 * 3600) * 1000).toISOString().slice(0, 19);
      const mine = i % 2 === 1;
      const from = mine ? 'Owner' : `Peer ${c}`;
      const fid = mine ? 'user111' : `user${peer}`;
      const head = `     {\n      "id": ${id},\n      "type": "message",\n      "date": "${d}",\n      "date_unixtime": "${t}",\n`;
      const sep = i + 1 < per && written + 1 < n ? ',' : '';
      if (i % 97 === 0) {
        await w(`     {\n      "id": ${id},\n      "type": "service",\n      "date": "${d}",\n      "date_unixtime": "${t}",\n      "actor": "${from}",\n      "actor_id": "${fid}",\n      "action": "phone_call",\n      "duration_seconds": ${i % 300},\n      "discard_reason": "hangup",\n      "text": "",\n      "text_entities": []\n     }${sep}\n`);
      } else if (i % 13 === 0) {
        await w(`${head}      "from": "${from}",\n      "from_id": "${fid}",\n      "photo": "(File not included. Change data exporting settings to download.)",\n      "width": 960,\n      "height": 1280,\n      "text": "",\n      "text_entities": []\n     }${sep}\n`);
      } else if (i % 11 === 0) {
        await w(`${head}      "from": "${from}",\n      "from_id": "${fid}",\n      "text": [\n       "pay to ",\n       {\n        "type": "phone",\n        "text": "+66812345678"\n       }\n      ],\n      "text_entities": [\n       {\n        "type": "plain",\n        "text": "pay to "\n       },\n       {\n        "type": "phone",\n        "text": "+66812345678"\n       }\n      ]\n     }${sep}\n`);
      } else {
        const text = texts[i % texts.length]!;
        await w(`${head}      "from": "${from}",\n      "from_id": "${fid}",\n      "text": "${text}",\n      "text_entities": [\n       {\n        "type": "plain",\n        "text": "${text}"\n       }\n      ]\n     }${sep}\n`);
      }
    }
    await w(`    ]\n   }${c + 1 < chats && written < n ? ',' : ''}\n`);
  }
  await w('  ]\n }\n}\n');
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await new Promise<void>((r) => out.once('finish', () => r()));
  return bytes;
}

if (process.argv[1] && /gen-big-export\.ts$/.test(process.argv[1])) {
  const path = process.argv[2];
  if (!path) throw new Error('usage: gen-big-export.ts OUT [N]');
  void writeBigExport(path, Number(process.argv[3] ?? 1_000_000)).then((b) => console.log(`${path}: ${b} bytes`));
}
