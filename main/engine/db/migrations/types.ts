/** A numbered schema migration: applied in order, each in its own transaction, each audited. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
