// Kept apart from event-export.ts so the explorer can state the cap without importing server code.
/** The most rows one event export returns. */
export const EXPORT_MAX_ROWS = 100_000;
