/** Keyset pages: stable under concurrent inserts, no OFFSET scans. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
