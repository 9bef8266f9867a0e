/** The workers' side of the compute protocol: each request answered by `answer`, replies posted back. */
import type { ComputeMessage, ComputeRequest } from './protocol.js';

export interface WorkerScope {
  postMessage(message: ComputeMessage): void;
  onmessage: ((event: { data: { id: number; request: ComputeRequest } }) => void) | null;
}

export const scope = self as unknown as WorkerScope;

/** Answers every request with `answer` (a value, or a promise of one); a throw becomes an error reply. */
export function serveRequests(answer: (id: number, request: ComputeRequest) => unknown): void {
  scope.onmessage = (event) => {
    const { id, request } = event.data;
    Promise.resolve()
      .then(() => answer(id, request))
      .then(
        (value) => scope.postMessage({ id, type: 'done', value }),
        (error: unknown) => scope.postMessage({ id, type: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
  };
}
