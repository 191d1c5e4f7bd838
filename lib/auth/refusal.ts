// The callbacks' refusals: each is an Error class that carries the status the callback answers with.

/** An Error class for a callback the app refuses with `status`; the message is for the merchant and the logs. */
export const refusal = <S extends 401 | 403>(name: string, status: S) =>
  class extends Error {
    override name = name;
    readonly status = status;
  };
