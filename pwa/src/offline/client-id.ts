// One id per action for the actions the server runs exactly once per id (clientId on group posts and
// comments, clientMutationId on needs and offers: api/retries): made when the action is first sent
// and kept until it is sent or queued, so sending again (a retry, the queue, a lost answer) never
// acts twice; a refused send keeps it, since the server forgets a refused action's id.
import { useRef } from "preact/hooks";

export function newClientId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** One id per action: the same until `done()` (sent or queued), a new one after. */
export function useClientId(): { current: () => string; done: () => void } {
  const id = useRef<string | null>(null);
  return {
    current: () => (id.current ??= newClientId()),
    done: () => {
      id.current = null;
    },
  };
}
