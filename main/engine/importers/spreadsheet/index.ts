/** The spreadsheet importers: CSV (`csv`) and XLSX (`xlsx`), sharing header detection and column mapping. */
import type { ImportRecord } from '../../model/records';
import { readHead } from '../sniff';
import type { Importer, ImporterContext } from '../types';
import { csvSheet, delimiterName, setupCsv, sniffCsv } from './csv';
import { checkMappingUsed, newPipelineState, processSheet, summaryFacts } from './pipeline';
import { openWorkbook, sniffXlsx } from './xlsx';

const COMMON_METHOD =
  'Every row is kept whole as a row record (each cell with its A1 address, exact text, type and any formula text, never evaluated) with its source position. ' +
  'The header row is found among the first rows (title rows above it and a merged group row over it are recognised); a role is proposed for each column from header words in English, Chinese, Thai, Vietnamese, Burmese, Khmer, Indonesian and Spanish and from the values (phone numbers, e-mail, TRON/Ethereum/Bitcoin wallets, IBANs, amounts, dates, Excel serials); the proposal and the mapping used are recorded as facts, and the examiner can change it per column. ' +
  'Mapped rows become transactions (amount or wallet/IBAN columns), contacts (party columns; identifiers a row gives for one party are kept together) or calls (call-log preset, detected from date/time, number and duration headers). ' +
  'Amounts are kept as exact decimal text; day/month order of text dates comes from the examiner or the whole column and is never guessed; Excel serials are read in the workbook\'s 1900 or 1904 system; times with an offset become instants, others stay wall-clock times for the evidence item\'s zone. ' +
  'Formula-like text, markup, invisible and bidi characters, NUL and lone surrogates are kept verbatim and flagged.';

const COMMON_LIMITS = [
  'There is no standard layout: the proposed mapping is a suggestion and should be checked against the mapping-proposed fact.',
  'A header-less sheet whose first row is all text with no header words and no contrast with the rows below is read as having no header.',
  'Whose wallet or account a row names is not inferred: only party prefixes (from./to./victim.) assign identifiers to a party; transactions without from/to parties are flagged party-side-unknown.',
  'Day/month order that neither the examiner nor the whole column decides leaves those rows without a time (flagged date-order-ambiguous).',
  'Amounts with a single separator followed by three digits (1,234 / 1.234) are read by the column\'s other values; failing that as thousands, flagged amount-separator-assumed.',
];

export const csvImporter: Importer = {
  id: 'csv',
  version: '1.0.0',
  label: 'CSV spreadsheet (ledgers, contact lists, call logs)',
  unit: 'row',
  method:
    'The file is read as a stream; its encoding is taken from the examiner, a byte-order mark, the UTF-16 byte shape or UTF-8 validity, else chosen among windows-1252, windows-874 (Thai), GB18030 and Big5 by evidence, and recorded. ' +
    'The delimiter (comma, semicolon, tab, pipe) is the one giving the most consistent field count over the first records, and is recorded. Records are split by papaparse (quoted fields may span lines); each keeps its record number, the line it starts and ends on, its byte offset and its exact text; invalid UTF-8 bytes are kept as the row\'s original bytes. ' +
    COMMON_METHOD,
  limits: [
    ...COMMON_LIMITS,
    'A record with an opening quote that never closes is rejected line by line (its first line, raw kept) and reading resumes on the next line.',
    'One line break style is used per file (the first seen); a record longer than 64 MiB without a line break stops the import.',
    'Byte offsets are exact for UTF-8, UTF-16 and single-byte code pages; for GB18030/Big5 they come from re-encoding the decoded text.',
  ],
  sniff: sniffCsv,
  async *parse(ctx: ImporterContext): AsyncIterable<ImportRecord[]> {
    const { file, options } = ctx;
    const state = newPipelineState(options, file.name);
    const head = await readHead(file);
    const setup = setupCsv(head, file.name, options.encoding);
    const facts: ImportRecord[] = [
      { type: 'fact', key: 'encoding', value: { encoding: setup.encoding.encoding, bom: setup.encoding.bomLength > 0, source: setup.encoding.source, reason: setup.encoding.reason } },
      { type: 'fact', key: 'csv-delimiter', value: { delimiter: setup.delimiter.delimiter, name: delimiterName(setup.delimiter.delimiter), fields: setup.delimiter.fields, consistency: Math.round(setup.delimiter.consistency * 1000) / 1000, sampledRecords: setup.delimiter.rows } },
      { type: 'fact', key: 'csv-newline', value: setup.newline === '\r\n' ? 'CRLF' : setup.newline === '\n' ? 'LF' : 'CR' },
    ];
    yield facts;
    yield* processSheet(csvSheet(file, setup), { options, state, signal: ctx.signal, single: true });
    yield [...summaryFacts(state), { type: 'units', unit: 'row', seen: state.seen, parsed: state.parsed }];
  },
};

export const xlsxImporter: Importer = {
  id: 'xlsx',
  version: '1.0.0',
  label: 'Excel workbook (XLSX)',
  unit: 'row',
  method:
    'The workbook is opened as a zip with entry-count, size and inflation-ratio limits; every XML part is streamed once and refused if it declares a DOCTYPE or ENTITY. Every sheet is read, hidden and very hidden ones included (flagged), in workbook order, plus worksheet parts the workbook does not list. ' +
    'Cells are read from the sheet XML with a streaming XML parser: numbers keep their exact stored text (more than 15 significant digits flagged precision-loss-possible), shared and inline strings with rich-text runs joined and phonetic guides left out, formulas as text with their cached result, date-formatted numbers as dates re-derived from the serial (1900 system with the 1900-02-29 bug, or 1904), errors and booleans as written; merged ranges, hidden rows and hidden columns holding values are flagged, and each row keeps its own XML as its raw form. ' +
    COMMON_METHOD,
  limits: [
    ...COMMON_LIMITS,
    'Shared-formula follower cells carry no formula text in the file; their cached values are kept and the row is flagged shared-formula-follower.',
    'Cells with a style but no value are not listed in the row (they hold no data); a row\'s raw XML is kept up to 16 MiB.',
    'Damaged sheet XML stops the import with the sheet and row named (all or nothing); legacy .xls (BIFF) files are not read.',
  ],
  sniff: sniffXlsx,
  async *parse(ctx: ImporterContext): AsyncIterable<ImportRecord[]> {
    const { file, options } = ctx;
    const state = newPipelineState(options, file.name);
    const wb = await openWorkbook(file, ctx.sniff.layout);
    yield wb.facts;
    for (const sheet of wb.sheets) yield* processSheet(sheet, { options, state, signal: ctx.signal, single: false });
    checkMappingUsed(state);
    yield [...summaryFacts(state), { type: 'units', unit: 'row', seen: state.seen, parsed: state.parsed }];
  },
};
