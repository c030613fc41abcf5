// How an action says what it created or changed, so the caller can undo it later. Verify passes its
// cleanup ledger (src/module/cleanup-ledger.ts); callers that undo nothing pass none.

/** How a created thing that has no labels of its own (a Central notifier) is named in the run record. */
export interface RecordEntry {
  key: string;
  value: string;
}

export interface UndoRegistrar {
  /**
   * Something this run created: `undo` removes it. With `record`, it is also written to the run
   * record until it is removed, so a run that keeps it (a failure, KEEP=1, a kill) leaves a trace.
   */
  created(what: string, undo: () => Promise<unknown>, record?: RecordEntry): void;
  /** Something that existed and this run changed: `restore` puts it back (`record`: as for created). */
  changed(what: string, restore: () => Promise<unknown>, record?: RecordEntry): void;
}

/** verify (default): may create, change and restart things, then undo; check: read-only. */
export type HarnessMode = 'verify' | 'check';
