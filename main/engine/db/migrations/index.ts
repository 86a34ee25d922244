/** The ordered list of schema migrations; the case file's user_version is the last one applied. */
import { migration001 } from './001-initial';
import { migration002 } from './002-identity';
import { migration003 } from './003-timeline-search';
import { migration004 } from './004-annotations';
import type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export type { Migration };
