/** `threadline link`, `entities`, `suggestions`, `decide`, `explain`: identity linking over the engine. */
import { Case } from '../../engine/case';
import { ThreadlineError } from '../../engine/errors';
import {
  confirmSuggestion,
  explainEntity,
  linkPending,
  listEntities,
  listSuggestions,
  mergeEntities,
  nameEntity,
  rejectSuggestion,
  splitIdentifier,
  undoDecision,
  type DecisionResult,
  type LinkSummary,
} from '../../engine/identity';
import { flag, parse, requirePositional, str, type Parsed } from '../args';
import { safeText, table, truncate, type Out } from '../output';

function intArg(text: string | undefined, what: string, usage: string): number {
  const t = text?.trim().replace(/^#/, '');
  if (!t || !/^\d+$/.test(t)) throw new ThreadlineError('BAD_ARGUMENT', `${what} "${text ?? ''}" is not a number.`, { hint: `Usage: ${usage}` });
  return Number(t);
}

function openCase(p: Parsed, usage: string): Case {
  return Case.open(requirePositional(p, 0, 'the case file path', usage), { examiner: str(p, 'examiner') });
}

function summaryLine(s: LinkSummary): string {
  const links = Object.entries(s.links).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const sugg = Object.entries(s.suggestions).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  return `E${s.evidence}: ${s.occurrences} identifier occurrences (${s.identifiers.new} new, ${s.identifiers.existing} already known, ${s.identifiers.invalid} invalid), ${s.accounts} accounts, ${s.mentions} mentions; links: ${links}; entities joined ${s.entitiesJoined}; suggestions: ${sugg}`;
}

const LINK_USAGE = 'threadline link CASE [--recompute] [--json]';

export function cmdLink(argv: string[], out: Out): number {
  const p = parse(argv, { recompute: { type: 'boolean' }, json: { type: 'boolean' }, examiner: { type: 'string' } }, LINK_USAGE);
  const c = openCase(p, LINK_USAGE);
  try {
    const r = linkPending(c, { recompute: flag(p, 'recompute') });
    if (flag(p, 'json')) {
      out.json(r);
      return 0;
    }
    if (r.linked.length === 0) out.line('Every evidence item is already linked.');
    for (const s of r.linked) out.line(summaryLine(s));
    if (r.recompute) {
      out.line(`Recomputed ${r.recompute.nodes} nodes into ${r.recompute.entities} entities; ${r.recompute.relabelled} labels corrected.`);
      if (r.recompute.orphanOccurrences) out.line(`WARNING: ${r.recompute.orphanOccurrences} identifier occurrences point at nothing; the case file was changed outside Threadline — run \`threadline verify\`.`);
    }
    return 0;
  } finally {
    c.close();
  }
}

const ENTITIES_USAGE = 'threadline entities CASE [--linked] [--all] [--json]';

export function cmdEntities(argv: string[], out: Out): number {
  const p = parse(argv, { linked: { type: 'boolean' }, all: { type: 'boolean' }, json: { type: 'boolean' }, examiner: { type: 'string' } }, ENTITIES_USAGE);
  const c = openCase(p, ENTITIES_USAGE);
  try {
    const list = listEntities(c.db, { includeMentionedOnly: flag(p, 'all'), minNodes: flag(p, 'linked') ? 2 : 1 });
    if (flag(p, 'json')) {
      out.json(list);
      return 0;
    }
    if (list.length === 0) {
      out.line('No entities. Import evidence (linking runs after each import) or run `threadline link CASE`.');
      return 0;
    }
    out.line(
      table(
        list.map((e) => [
          String(e.id),
          truncate(safeText(e.name), 28),
          truncate(e.identifiers.map((i) => safeText(`${i.value}${i.valid ? '' : ' (invalid)'}`)).join(', ') || '-', 70),
          String(e.accounts.length),
          e.evidence.map((x) => `E${x}`).join(' '),
          String(e.links.length),
          e.flags.join(',') || '-',
        ]),
        ['entity', 'name', 'identifiers', 'accounts', 'evidence', 'links', 'flags'],
      ),
    );
    return 0;
  } finally {
    c.close();
  }
}

const SUGGESTIONS_USAGE = 'threadline suggestions CASE [--rule RULE] [--entity ID] [--all] [--json]';

export function cmdSuggestions(argv: string[], out: Out): number {
  const p = parse(argv, { rule: { type: 'string' }, entity: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' }, examiner: { type: 'string' } }, SUGGESTIONS_USAGE);
  const c = openCase(p, SUGGESTIONS_USAGE);
  try {
    const entity = str(p, 'entity');
    const list = listSuggestions(c.db, { all: flag(p, 'all'), rule: str(p, 'rule'), entity: entity === undefined ? undefined : intArg(entity, '--entity', SUGGESTIONS_USAGE) });
    if (flag(p, 'json')) {
      out.json(list);
      return 0;
    }
    if (list.length === 0) {
      out.line('No open suggestions.');
      return 0;
    }
    for (const s of list) {
      out.line(`#${s.id} ${s.rule} score ${s.score.toFixed(2)} [${s.status}]: entity ${s.entities[0]} ${safeText(s.nodes[0].value)} <-> entity ${s.entities[1]} ${safeText(s.nodes[1].value)}`);
      for (const r of s.reasons) out.line(`    - ${safeText(r)}`);
    }
    out.line('');
    out.line('Decide with `threadline decide CASE --confirm ID --why TEXT` or `--reject ID --why TEXT`.');
    return 0;
  } finally {
    c.close();
  }
}

const DECIDE_USAGE =
  'threadline decide CASE (--confirm ID | --reject ID | --merge A B | --split ENTITY IDENTIFIER | --name ENTITY TEXT | --undo DECISION) --why TEXT [--json]';

export function cmdDecide(argv: string[], out: Out): number {
  const p = parse(
    argv,
    {
      confirm: { type: 'string' },
      reject: { type: 'string' },
      merge: { type: 'string' },
      split: { type: 'string' },
      name: { type: 'string' },
      undo: { type: 'string' },
      why: { type: 'string' },
      json: { type: 'boolean' },
      examiner: { type: 'string' },
    },
    DECIDE_USAGE,
  );
  const actions = ['confirm', 'reject', 'merge', 'split', 'name', 'undo'].filter((a) => str(p, a) !== undefined);
  if (actions.length !== 1) throw new ThreadlineError('BAD_ARGUMENT', actions.length ? `Only one decision at a time (got --${actions.join(', --')}).` : 'No decision given.', { hint: `Usage: ${DECIDE_USAGE}` });
  const why = str(p, 'why') ?? '';
  const second = (what: string) => {
    const v = p.positionals[1];
    if (!v) throw new ThreadlineError('BAD_ARGUMENT', `Missing ${what}.`, { hint: `Usage: ${DECIDE_USAGE}` });
    return v;
  };
  const c = openCase(p, DECIDE_USAGE);
  try {
    let r: DecisionResult;
    switch (actions[0]) {
      case 'confirm':
        r = confirmSuggestion(c, intArg(str(p, 'confirm'), 'Suggestion', DECIDE_USAGE), why);
        break;
      case 'reject':
        r = rejectSuggestion(c, intArg(str(p, 'reject'), 'Suggestion', DECIDE_USAGE), why);
        break;
      case 'merge':
        r = mergeEntities(c, intArg(str(p, 'merge'), 'Entity', DECIDE_USAGE), intArg(second('the second entity'), 'Entity', DECIDE_USAGE), why);
        break;
      case 'split':
        r = splitIdentifier(c, intArg(str(p, 'split'), 'Entity', DECIDE_USAGE), second('the identifier to split off'), why);
        break;
      case 'name':
        r = nameEntity(c, intArg(str(p, 'name'), 'Entity', DECIDE_USAGE), second('the name'), why);
        break;
      default:
        r = undoDecision(c, intArg(str(p, 'undo'), 'Decision', DECIDE_USAGE), why);
    }
    if (flag(p, 'json')) out.json(r);
    else {
      out.line(`Decision ${r.decision} (${r.kind}) recorded in the audit log.`);
      out.line(`  entities before: ${r.before.join(', ')}; after: ${r.after.join(', ')}`);
      if (r.kind !== 'undo') out.line(`  undo with: threadline decide CASE --undo ${r.decision} --why "…"`);
    }
    return 0;
  } finally {
    c.close();
  }
}

const EXPLAIN_USAGE = 'threadline explain CASE ENTITY [--records] [--json]';

export function cmdExplain(argv: string[], out: Out): number {
  const p = parse(argv, { json: { type: 'boolean' }, records: { type: 'boolean' }, examiner: { type: 'string' } }, EXPLAIN_USAGE);
  const entity = intArg(p.positionals[1], 'Entity', EXPLAIN_USAGE);
  const c = openCase(p, EXPLAIN_USAGE);
  try {
    const x = explainEntity(c.db, entity, { records: flag(p, 'records') });
    if (flag(p, 'json')) {
      out.json(x);
      return 0;
    }
    out.line(`Entity ${x.id}: ${safeText(x.name)}  (name from ${x.nameFrom})`);
    out.line(`  evidence: ${x.evidence.map((e) => `E${e}`).join(' ') || '-'}`);
    out.line('');
    out.line('Identifiers:');
    for (const i of x.identifiers) {
      out.line(`  ${i.kind} ${safeText(i.value)}${i.valid ? '' : ' — INVALID, never linked'}${i.flags.length ? ` [${i.flags.join(', ')}]` : ''}${i.mentionedOnly ? ' (only mentioned)' : ''}`);
      for (const o of i.seen) {
        out.line(`      ${o.role}: "${safeText(o.raw)}" at ${safeText(o.source)}${o.count > 1 ? ` (${o.count} records)` : ''}${o.flags.length ? ` [${o.flags.join(', ')}]` : ''}`);
        if (o.records && o.count > 1) out.line(`        ${o.records.table} ${o.records.ids.join(', ')}`);
      }
      for (const o of i.mentioned) out.line(`      mentioned: ${safeText(o.source)}${o.label ? ` (${o.label})` : ''}`);
    }
    if (x.accounts.length) {
      out.line('Accounts:');
      for (const a of x.accounts) out.line(`  account ${a.id} ${a.platform} "${safeText(a.display ?? a.key)}"${a.owner ? ' (export owner)' : ''} at ${safeText(a.source)}`);
    }
    if (x.names.length) out.line(`Display names (not identifiers): ${[...new Set(x.names.map((n) => `"${safeText(n.name)}"`))].join(', ')}`);
    out.line('');
    out.line('Links:');
    if (x.links.length === 0) out.line('  none (a single identifier or account)');
    for (const l of x.links) {
      const why = l.decision ? `examiner decision ${l.decision.id} by ${safeText(l.decision.examiner)}: "${safeText(l.decision.why)}"` : `${safeText(l.source)}${l.count > 1 ? ` (+${l.count - 1} more records)` : ''}`;
      out.line(`  #${l.id} ${l.rule}: ${safeText(l.a.value)} — ${safeText(l.b.value)}; ${why}`);
    }
    if (x.inactiveLinks.length) {
      out.line('Cut or undone links:');
      for (const l of x.inactiveLinks) out.line(`  #${l.id} ${l.rule}: ${safeText(l.a.value)} — ${safeText(l.b.value)}`);
    }
    if (x.decisions.length) {
      out.line('Decisions:');
      for (const d of x.decisions) out.line(`  ${d.id} ${d.kind}${d.name ? ` "${safeText(d.name)}"` : ''} by ${safeText(d.examiner)} at ${d.at}: "${safeText(d.why)}"${d.undoneBy ? ` — undone by ${d.undoneBy}` : ''}`);
    }
    if (x.suggestions.length) {
      out.line('Open suggestions:');
      for (const s of x.suggestions) out.line(`  #${s.id} ${s.rule} ${s.score.toFixed(2)}: ${safeText(s.nodes[0].value)} <-> ${safeText(s.nodes[1].value)} — ${safeText(s.reasons[0] ?? '')}`);
    }
    return 0;
  } finally {
    c.close();
  }
}
