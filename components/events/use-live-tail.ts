"use client";

import { useEffect, useRef, useState } from "react";
import { useTRPCClient } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import type { ExplorerEvent, TailInput } from "./types";

const TAIL_LIMIT = 100;
const KEEP = 500;
const FRESH_MS = 2500;
const RETRY_MS = 5000;

interface Options {
  /** event.tail's input without afterId; a change restarts the tail. */
  input: TailInput;
  /** The newest arrival already shown: the tail answers only what came after it. */
  startAfterId: number;
  enabled: boolean;
  intervalMs?: number;
  onArrive?: (events: ExplorerEvent[]) => void;
}

/**
 * Polls event.tail and keeps what arrived, newest first.
 *
 * Event ids are handed out when an ingest transaction starts, so a batch can commit after a batch with
 * higher ids: asking only for "after the highest id seen" would skip it for good. Each poll therefore
 * asks again from where the previous poll started and drops what it has already seen, so a batch that
 * commits up to one interval late still shows up. When a poll comes back full the tail is behind
 * anyway and moves on without the overlap.
 */
export function useLiveTail({ input, startAfterId, enabled, intervalMs = 1000, onArrive }: Options) {
  const client = useTRPCClient();
  // Tagged with the session that produced them: a restarted tail shows nothing of the previous one.
  const [state, setState] = useState<{ session: string; events: ExplorerEvent[]; error: string | null }>({ session: "", events: [], error: null });
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  // Declared before the polling effect, so they hold this render's values when it (re)starts.
  const onArriveRef = useRef(onArrive);
  const inputRef = useRef(input);
  useEffect(() => {
    onArriveRef.current = onArrive;
    inputRef.current = input;
  });
  const inputKey = JSON.stringify(input);
  const session = `${inputKey}|${startAfterId}`;

  useEffect(() => {
    if (!enabled) return;
    const tailInput = inputRef.current;
    const seen = new Set<number>();
    let highest = startAfterId;
    let askFrom = startAfterId;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const poll = async () => {
      // A hidden tab does not need a live view; it catches up when it is shown again.
      if (document.visibilityState === "hidden") {
        timer = setTimeout(poll, intervalMs);
        return;
      }
      try {
        const { items } = await client.event.tail.query({ ...tailInput, afterId: askFrom });
        if (stopped) return;
        const arrived = items.filter((e) => !seen.has(e.id));
        for (const e of arrived) seen.add(e.id);
        const top = items.reduce((m, e) => Math.max(m, e.id), highest);
        askFrom = items.length >= TAIL_LIMIT ? top : highest;
        highest = top;
        if (arrived.length) {
          const newestFirst = [...arrived].sort((a, b) => b.id - a.id);
          setState((current) => {
            // Turning Live off and on again asks from the start once more: keep each event once.
            const kept = current.session === session ? current.events : [];
            const known = new Set(kept.map((e) => e.id));
            return { session, error: null, events: [...newestFirst.filter((e) => !known.has(e.id)), ...kept].slice(0, KEEP) };
          });
          setFresh((current) => new Set([...current, ...arrived.map((e) => e.id)]));
          setTimeout(() => {
            if (stopped) return;
            setFresh((current) => {
              const next = new Set(current);
              for (const e of arrived) next.delete(e.id);
              return next;
            });
          }, FRESH_MS);
          onArriveRef.current?.(arrived);
        } else {
          // Same state object when nothing changed: an idle tail does not re-render the table every second.
          setState((current) => (current.session !== session ? { session, error: null, events: [] } : current.error === null ? current : { ...current, error: null }));
        }
        timer = setTimeout(poll, intervalMs);
      } catch (cause) {
        if (stopped) return;
        const message = describeClientError(cause).message;
        setState((current) => ({ session, error: message, events: current.session === session ? current.events : [] }));
        timer = setTimeout(poll, RETRY_MS);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [client, session, startAfterId, enabled, intervalMs]);

  // What arrived stays listed when Live is turned off; only the polling stops.
  const current = state.session === session ? state : null;
  return { events: current?.events ?? [], fresh, error: enabled ? (current?.error ?? null) : null };
}
