// A Sigma rule Picket cannot take: the message names the feature or the place ("Sigma: the |expand
// modifier is not supported") and reaches the API as a 400.
export class SigmaError extends Error {
  override name = 'SigmaError';
}
