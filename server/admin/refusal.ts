/** An admin request the server will not carry out, with the status and the reason to show. */
export class AdminRefusal extends Error {
  constructor(readonly status: 403 | 404 | 409, message: string) {
    super(message);
  }
}
