// A bounded label for a per-event rejection (the rejects metric): the messages shippers see carry
// values (timestamps, limits, parser positions), the reason does not. Rejections are the rare path,
// so matching text here costs the hot path nothing; rejection-reason.test.ts feeds every producer's
// real message through this, so a reworded message cannot silently fall into `invalid`.
export const REJECTION_REASONS = [
  'invalid_json',
  'not_an_object',
  'too_old',
  'too_far_in_future',
  'too_large',
  'too_deep',
  'too_many_keys',
  'bad_bulk_action',
  'unsupported_bulk_action',
  'invalid',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

const RULES: ReadonlyArray<readonly [RegExp, RejectionReason]> = [
  [/^invalid JSON: /, 'invalid_json'],
  [/^event must be a JSON object$/, 'not_an_object'],
  [/ is older than the retention period /, 'too_old'],
  [/ minutes in the future$/, 'too_far_in_future'],
  [/^event is larger than /, 'too_large'],
  [/^event is nested deeper than /, 'too_deep'],
  [/^event has more than \d+ keys$/, 'too_many_keys'],
  [/^malformed action line|^missing document line|^update requires /, 'bad_bulk_action'],
  [/ is not supported: stored events are immutable$/, 'unsupported_bulk_action'],
];

export function rejectionReason(error: string): RejectionReason {
  for (const [re, reason] of RULES) if (re.test(error)) return reason;
  return 'invalid';
}
