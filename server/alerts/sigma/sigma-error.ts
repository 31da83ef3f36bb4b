// A Sigma rule Picket cannot take: the message names the feature or the place ("Sigma: the |expand
// modifier is not supported") and reaches the API as a 400.
import { AppError } from '../../errors/app-error.ts';
export class SigmaError extends AppError<'bad_request'> {
  constructor(message: string) {
    super('bad_request', message);
  }
}
