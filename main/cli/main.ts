/** The `threadline` command: dispatches to thin commands over the engine; errors become one clear message and an exit code. */
import { toThreadlineError } from '../engine/errors';
import { TOOL_ID } from '../engine/version';
import { cmdAudit, cmdInfo, cmdNew, cmdVerify } from './commands/case';
import { cmdAnnotations, cmdBookmark, cmdNote, cmdTag } from './commands/annotate';
import { cmdImport } from './commands/import';
import { cmdDecide, cmdEntities, cmdExplain, cmdLink, cmdSuggestions } from './commands/identity';
import { cmdHistogram } from './commands/histogram';
import { cmdReport } from './commands/report';
import { cmdSearch } from './commands/search';
import { cmdThread } from './commands/thread';
import { cmdTimeline } from './commands/timeline';
import { stdio, type Out } from './output';

const HELP = `threadline — offline evidence workstation (${TOOL_ID})

  threadline new CASE --examiner NAME --case-number NUM [--tz IANA] [--region CC] [--title TEXT]
  threadline import CASE FILE... [--format auto|FORMAT] [--tz IANA] [--date-order dmy|mdy|ymd]
                                 [--region CC] [--owner IDENTIFIER] [--allow-duplicate] [--json]
  threadline info CASE [--json]
  threadline timeline CASE [FILTERS] [--at ISO [--before]] [--cursor C] [--limit N] [--json]
  threadline histogram CASE [FILTERS] --bucket minute|hour|day|week|month|year [--json]
  threadline search CASE QUERY [FILTERS] [--order newest|oldest|rank] [--mode all|text|identifier|name]
                               [--cursor C] [--limit N] [--json]
  threadline thread CASE MESSAGE_ID [--before N] [--after N] [--display-tz IANA] [--json]
      FILTERS: [--from ISO] [--to ISO] [--kind K,…] [--evidence ID,…] [--account ID,…] [--entity ID,…]
               [--tag NAME,…] [--with-attachment|--without-attachment] [--text QUERY] [--display-tz IANA]
      QUERY: words, "phrases", prefix*, AND OR NOT, ( ), name: file: text:
  threadline link CASE [--recompute] [--json]
  threadline entities CASE [--linked] [--all] [--json]
  threadline suggestions CASE [--rule RULE] [--entity ID] [--all] [--json]
  threadline decide CASE (--confirm ID | --reject ID | --merge A B | --split ENTITY IDENTIFIER
                          | --name ENTITY TEXT | --undo DECISION) --why TEXT [--json]
  threadline explain CASE ENTITY [--records] [--json]
  threadline report CASE --out FILE.(pdf|html|xlsx|csv) [FILTERS] [--include-audit] [--entities linked|all|none|ID,…]
                        [--max-events N] [--no-timeline] [--csv-table TABLE] [--sources DIR] [--no-verify-sources]
                        [--report-date ISO] [--overwrite] [--json]
  threadline tag CASE (--event ID|--entity ID|--evidence ID) --tag NAME [--colour C] [--description TEXT] [--remove] [--json]
  threadline bookmark CASE (--event ID|--entity ID|--evidence ID) [--label TEXT] [--remove] [--json]
  threadline note CASE ((--event ID|--entity ID|--evidence ID) --text TEXT | --edit NOTE --text TEXT | --delete NOTE) [--json]
  threadline annotations CASE [--display-tz IANA] [--json]
  threadline audit CASE [--json]
  threadline verify CASE [--sources DIR] [--json]

Exit codes: 0 ok, 1 error, 2 usage error, 3 verification failed.`;

type Command = (argv: string[], out: Out) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  new: cmdNew,
  import: cmdImport,
  info: cmdInfo,
  timeline: cmdTimeline,
  histogram: cmdHistogram,
  search: cmdSearch,
  thread: cmdThread,
  audit: cmdAudit,
  link: cmdLink,
  entities: cmdEntities,
  suggestions: cmdSuggestions,
  decide: cmdDecide,
  explain: cmdExplain,
  report: cmdReport,
  verify: cmdVerify,
  tag: cmdTag,
  bookmark: cmdBookmark,
  note: cmdNote,
  annotations: cmdAnnotations,
};

export async function run(argv: string[], out: Out = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.line(HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === 'version') {
    out.line(TOOL_ID);
    return 0;
  }
  const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    out.err(`error: BAD_ARGUMENT unknown command "${name}"\n  → Run \`threadline --help\` for the list of commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.line(HELP);
    return 0;
  }
  try {
    return await cmd(rest, out);
  } catch (err) {
    const e = toThreadlineError(err);
    if (rest.includes('--json')) out.err(JSON.stringify({ error: e.toInfo() }));
    out.err(`error: ${e.describe()}`);
    if (e.code === 'INTERNAL' && process.env.THREADLINE_DEBUG) out.err(String((err as Error).stack));
    return e.code === 'BAD_ARGUMENT' ? 2 : 1;
  }
}
