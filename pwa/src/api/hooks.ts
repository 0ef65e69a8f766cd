// useQuery: network first, then the last-seen copy when the network fails; refreshes when the
// language changes, when a mutation succeeds, when a notification arrives and when back online.
import { signal } from "@preact/signals";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { lang } from "../i18n";
import { readCached, writeCached } from "../offline/cache";
import { session } from "../state/session";
import { ApiError, type Doc, NetworkError, operationName, request } from "./client";

/** Bumped to make every mounted query fetch again. */
export const refreshTick = signal(0);

export function refreshAll(): void {
  refreshTick.value++;
}

export function cacheKey(doc: { toString(): string }, variables: unknown): string {
  return `${session.userId.value ?? "anon"}|${lang.value}|${operationName(doc)}|${JSON.stringify(variables ?? {})}`;
}

export interface QueryState<R> {
  data: R | undefined;
  loading: boolean;
  /** Showing the last-seen copy because the server could not be reached. */
  offline: boolean;
  savedAt: number | undefined;
  error: ApiError | undefined;
  refetch: () => void;
}

export function useQuery<R, V>(doc: Doc<R, V>, variables?: V, options: { skip?: boolean } = {}): QueryState<R> {
  const [state, setState] = useState<Omit<QueryState<R>, "refetch">>({ data: undefined, loading: true, offline: false, savedAt: undefined, error: undefined });
  const [tick, setTick] = useState(0);
  const vars = JSON.stringify(variables ?? {});
  const language = lang.value;
  const global = refreshTick.value;
  const live = useRef(0);

  useEffect(() => {
    if (options.skip) {
      setState((s) => ({ ...s, loading: false }));
      return;
    }
    const run = ++live.current;
    const key = cacheKey(doc, variables);
    setState((s) => ({ ...s, loading: true }));
    (async () => {
      try {
        const data = await request(doc, variables);
        if (run !== live.current) return;
        setState({ data, loading: false, offline: false, savedAt: Date.now(), error: undefined });
        void writeCached(key, data);
      } catch (e) {
        if (run !== live.current) return;
        if (e instanceof NetworkError) {
          const cached = await readCached<R>(key);
          if (run !== live.current) return;
          setState((s) => ({ data: cached?.data ?? s.data, loading: false, offline: true, savedAt: cached?.savedAt ?? s.savedAt, error: undefined }));
        } else {
          setState((s) => ({ ...s, loading: false, error: e instanceof ApiError ? e : new ApiError(String(e), undefined) }));
        }
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, vars, language, global, tick, options.skip, session.token.value]);

  const refetch = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, refetch };
}
