/** The list of importer plug-ins, in order of preference when two sniff equally. Adding a format = one line here. */
import type { Importer } from './types';
import { whatsappImporter } from './whatsapp';
import { lineImporter } from './line';
import { signalTextImporter } from './signal-text';
import { telegramImporter } from './telegram';
import { telegramHtmlImporter } from './telegram-html';
import { smsBackupImporter } from './sms-backup';
import { vcardImporter } from './vcard';
import { csvImporter, xlsxImporter } from './spreadsheet';

export const IMPORTERS: readonly Importer[] = [whatsappImporter, lineImporter, signalTextImporter, telegramImporter, telegramHtmlImporter, smsBackupImporter, vcardImporter, csvImporter, xlsxImporter];

export function importerById(id: string): Importer | undefined {
  return IMPORTERS.find((i) => i.id === id);
}
