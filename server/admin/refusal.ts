import { ApiError } from '../../shared';

const CODE = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' } as const;

/** An admin request the server will not carry out, with the reason to show. */
export class AdminRefusal extends ApiError {
  /** `field`: the request field the refusal is about ("name"), shown next to it. */
  constructor(readonly status: 403 | 404 | 409, message: string, field?: string) {
    super(CODE[status], message, field ? { [field]: message } : undefined);
  }
}
