/**
 * What the envelope of a request said (`code`, and `error` for failures), kept beside the request
 * so the request log line and the metrics can name it without parsing the response body.
 */
export interface RequestOutcome {
  code: number;
  error?: string;
}

const outcomes = new WeakMap<object, RequestOutcome>();

export function recordOutcome(request: object, outcome: RequestOutcome): void {
  outcomes.set(request, outcome);
}

export function outcomeOf(request: object): RequestOutcome | undefined {
  return outcomes.get(request);
}
