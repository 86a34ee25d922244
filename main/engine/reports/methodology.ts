/**
 * The methodology section: what each importer used in the case does and cannot do (its own words), how times and
 * identifiers are normalised, the linking rules with their measured precision/recall, the examiner decisions
 * behind every non-automatic link, and how the report itself shows hostile text and neutralises formulas.
 */
import type { SqlDb } from '../db/case-db';
import { allDecisions, nodeById, unlinkedEvidenceIds, type DecisionRow, type NodeRow } from '../db/read/identity';
import { suggestionStatusCounts } from '../db/read/report';
import type { EvidenceRow } from '../db/read/evidence';
import { AUTO_RULES, EXAMINER_RULES, LINKER_VERSION, SUGGESTION_RULES, type AutoRule, type SuggestionRule } from '../identity/rules';
import { AUTOMATIC_LINKING, LINK_RULE_RATES, RATES_CORPUS, SUGGESTION_RULE_RATES } from '../identity/error-rates';
import { importerById } from '../importers/registry';
import { CSV_NEUTRALISED_DESCRIPTION } from './csv-safety';
import { XLSX_CELL_LIMIT } from './limits';
import type { DecisionOut, ImporterMethod, Methodology } from './types';

function nodeLabel(n: NodeRow | undefined, id: number | null): string {
  if (id === null) return '';
  if (!n) return `node ${id}`;
  if (n.type === 'account') return `${n.acc_platform ?? ''} account "${n.acc_display ?? n.acc_key ?? ''}" (E${n.acc_evidence ?? '?'})`;
  return `${n.kind ?? 'identifier'} ${n.value ?? ''}`;
}

/** One examiner decision as the report states it: what, about which nodes, by whom, when, why. */
export function decisionOut(db: SqlDb, d: DecisionRow, cache = new Map<number, NodeRow | undefined>()): DecisionOut {
  const node = (id: number | null) => {
    if (id === null) return undefined;
    if (!cache.has(id)) cache.set(id, nodeById(db, id));
    return cache.get(id);
  };
  const a = nodeLabel(node(d.a_node), d.a_node);
  const b = nodeLabel(node(d.b_node), d.b_node);
  let subject: string;
  switch (d.kind) {
    case 'confirm':
      subject = `confirmed suggestion ${d.suggestion_id ?? '?'}: ${a} is the same person as ${b}`;
      break;
    case 'reject':
      subject = `rejected suggestion ${d.suggestion_id ?? '?'}: ${a} and ${b} are not shown to be the same person`;
      break;
    case 'merge':
      subject = `merged ${a} with ${b}`;
      break;
    case 'split':
      subject = `split ${a}${b ? ` from ${b}` : ''} off its entity`;
      break;
    case 'name':
      subject = `named the entity of ${a} "${d.name ?? ''}"`;
      break;
    case 'undo':
      subject = `undid decision ${d.undoes ?? '?'}`;
      break;
    default: {
      const never: never = d.kind;
      subject = String(never);
    }
  }
  return { id: d.id, kind: d.kind, examiner: d.examiner, at: d.ts_utc, why: d.why, subject, undoneBy: d.undone_by };
}

function importerMethods(evidence: EvidenceRow[]): ImporterMethod[] {
  const byFormat = new Map<string, { versions: Set<string>; items: number[] }>();
  for (const e of evidence) {
    let x = byFormat.get(e.format);
    if (!x) byFormat.set(e.format, (x = { versions: new Set(), items: [] }));
    x.versions.add(e.importer_version);
    x.items.push(e.id);
  }
  const out: ImporterMethod[] = [];
  for (const [format, x] of byFormat) {
    const imp = importerById(format);
    out.push({
      id: format,
      label: imp?.label ?? format,
      version: imp?.version ?? '(not in this build)',
      evidenceVersions: [...x.versions].sort(),
      items: x.items,
      method: imp?.method ?? 'This build of Threadline has no importer of this name; its method cannot be quoted here. See the tool version that imported the item (audit log).',
      limits: imp ? [...imp.limits] : [],
    });
  }
  return out;
}

export const TIME_RULES = (displayTz: string): string[] => [
  'Every time is stored as a UTC instant, and the timestamp text exactly as the source wrote it is kept beside it (shown as "as written" where it differs in form).',
  'Sources that write wall-clock times without a zone (WhatsApp, LINE and Signal text exports, most spreadsheets) are read in the zone the examiner declared for that evidence item (evidence table, "declared zone"). Sources that record real instants (Telegram date_unixtime, SMS Backup & Restore epoch milliseconds) are used as recorded.',
  'A wall-clock time that does not exist in the declared zone (daylight-saving gap) is read with the offset in force before the gap and flagged dst-gap; one that exists twice (overlap) is read as the earlier instant and flagged dst-overlap.',
  'Day/month order is the one the examiner declared, or inferred from the whole file (any day above 12); it is never guessed. Excel\'s 1904 date system is honoured.',
  `Times in this report are shown in ${displayTz}, each with its UTC offset.`,
];

export const NORMALISATION_RULES: readonly string[] = [
  'Identifiers are normalised before linking, and the raw form is kept with every occurrence: phone numbers to E.164 with libphonenumber\'s full metadata, read in the evidence item\'s phone region else the case\'s (formatting noise such as bidi marks, no-break spaces, "(0)" and the 00 prefix is removed and flagged); e-mail addresses to lower case; handles to platform:@handle in lower case; wallet addresses checked by their own checksums (TRON Base58Check, Ethereum EIP-55, Bitcoin Base58Check/Bech32/Bech32m); IBANs to upper case without spaces, checked mod-97.',
  'A value that fails normalisation or its checksum is kept as written, flagged invalid and never linked: a mistyped number or address is a different identifier.',
  'Look-alike characters (e.g. Cyrillic "а" for Latin "a") and invisible characters are flagged and never folded away; values that differ only by them are at most a suggestion (rule "lookalike").',
  'An identifier merely written inside a message ("mentioned") is listed separately and never links anyone by itself.',
];

/** How the report shows text and writes cells (the same sentences for every format). */
export const OUTPUT_RULES: readonly string[] = [
  'Text from the evidence is reproduced as stored. Characters that change text direction or are invisible (e.g. U+202E RIGHT-TO-LEFT OVERRIDE, zero-width spaces, control characters) are never applied: each is shown as a mark such as ⟨RLO⟩, ⟨ZWSP⟩ or ⟨U+0007⟩. Line breaks are shown as line breaks; a carriage return alone is shown as ⟨CR⟩ and a tab as ⟨TAB⟩. The exact text remains in the case file at the cited source.',
  'PDF: fonts are embedded (Noto Sans for Latin, Thai, Burmese, Khmer, Arabic, Hebrew and Chinese/Japanese/Korean; Symbola for emoji, drawn in monochrome); a character no embedded font covers is printed as its code point, e.g. ⟨U+1FAE8⟩. Right-to-left text is ordered by the Unicode bidirectional algorithm (without explicit embeddings, which are shown as marks).',
  'HTML: every piece of evidence text is escaped, not sanitised (nothing is removed); the file has no scripts, loads nothing from outside and carries a Content-Security-Policy that forbids both.',
  `XLSX: every value is written as a text cell (numbers the tool computed, such as sizes and counts, as number cells), never as a formula, so text beginning with "=" stays text. A value longer than ${XLSX_CELL_LIMIT.toLocaleString('en-US')} characters (beyond what a spreadsheet cell holds) is cut and the cut is stated in the cell.`,
  `CSV: ${CSV_NEUTRALISED_DESCRIPTION}`,
  'Reproducibility: the same case state and the same options give the same report file. The report\'s SHA-256 is recorded in the case\'s audit log (action report-exported, with the options and the chain head) and in the manifest FILE.sha256.json written beside it.',
];

export function buildMethodology(db: SqlDb, evidence: EvidenceRow[], displayTz: string): Methodology {
  const cache = new Map<number, NodeRow | undefined>();
  const decisions = allDecisions(db).map((d) => decisionOut(db, d, cache));
  const counts = suggestionStatusCounts(db);
  const examinerLinks = decisions.filter((d) => (d.kind === 'confirm' || d.kind === 'merge') && d.undoneBy === null);
  const statement = [
    'Automatic links are made only on the same normalised hard identifier (rules below), each with the record that states it.',
    'Name similarity, co-occurrence and identifiers written in messages only raise suggestions; a suggestion never links anything until an examiner confirms it with a written justification, recorded in the audit log.',
    examinerLinks.length === 0
      ? 'No suggestion was confirmed and no entities were merged by an examiner in this case: every link in this report is automatic.'
      : `${examinerLinks.length} link decision(s) in force were made by an examiner (listed below with their justification); every other link is automatic.`,
    `Suggestions: ${counts.confirmed} confirmed, ${counts.rejected} rejected, ${counts.open} open (not acted on; open suggestions link nothing).`,
  ];
  return {
    importers: importerMethods(evidence),
    time: TIME_RULES(displayTz),
    normalisation: [...NORMALISATION_RULES],
    linking: {
      version: LINKER_VERSION,
      automatic: (Object.keys(AUTO_RULES) as AutoRule[]).map((r) => ({ rule: r, description: AUTO_RULES[r], measuredOn: LINK_RULE_RATES[r].edges, precision: LINK_RULE_RATES[r].precision })),
      examiner: Object.entries(EXAMINER_RULES).map(([rule, description]) => ({ rule, description })),
      suggestions: (Object.keys(SUGGESTION_RULES) as SuggestionRule[]).map((r) => ({
        rule: r,
        description: SUGGESTION_RULES[r],
        measuredOn: SUGGESTION_RULE_RATES[r].raised,
        precision: SUGGESTION_RULE_RATES[r].precision,
      })),
      overall: { ...AUTOMATIC_LINKING },
      corpus: { description: RATES_CORPUS.description, people: RATES_CORPUS.people, decoys: RATES_CORPUS.decoys, items: RATES_CORPUS.itemsLabelled, truePairs: RATES_CORPUS.truePairs },
      statement,
      suggestionCounts: counts,
      decisions,
      unlinkedEvidence: unlinkedEvidenceIds(db),
    },
    output: [...OUTPUT_RULES],
  };
}
