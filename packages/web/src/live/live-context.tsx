/** React access to the dashboard's one {@link LiveConnection}: its state, subscriptions and messages. */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LiveConnection, type LiveMessage, type LiveState } from './live-connection.js';
import { LiveCacheUpdater } from './live-cache.js';

const LiveContext = createContext<LiveConnection | null>(null);

export function LiveProvider({ connection, children }: { connection: LiveConnection; children: ReactNode }) {
  const qc = useQueryClient();
  useEffect(() => {
    const updater = new LiveCacheUpdater(qc);
    const offMessage = connection.onMessage((m) => updater.handle(m));
    // whatever happened while the socket was down was not pushed: refetch what is on screen
    const offReconnect = connection.onReconnect(() => void qc.invalidateQueries());
    connection.start();
    return () => {
      offMessage();
      offReconnect();
      updater.dispose();
      connection.stop();
    };
  }, [connection, qc]);
  return <LiveContext.Provider value={connection}>{children}</LiveContext.Provider>;
}

function useConnection(): LiveConnection {
  const c = useContext(LiveContext);
  if (!c) throw new Error('runlens: live hooks need a <LiveProvider>');
  return c;
}

export function useLiveState(): LiveState {
  const c = useConnection();
  return useSyncExternalStore(
    (fn) => c.onState(fn),
    () => c.state,
  );
}

/** Subscribes to projects and/or runs while the component is mounted; `null` subscribes to nothing. */
export function useLiveSubscription(projects: readonly string[] | null, runs: readonly string[] | null = null): void {
  const c = useConnection();
  const p = projects?.join('\u0000') ?? '';
  const r = runs?.join('\u0000') ?? '';
  useEffect(() => {
    if (!p && !r) return;
    return c.subscribe({ projects: p ? p.split('\u0000') : [], runs: r ? r.split('\u0000') : [] });
  }, [c, p, r]);
}

/** Calls `handler` (the latest one rendered) for every live message. */
export function useLiveMessages(handler: (m: LiveMessage) => void): void {
  const c = useConnection();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => c.onMessage((m) => ref.current(m)), [c]);
}

/** Calls `handler` after the connection comes back from a drop. */
export function useLiveReconnect(handler: () => void): void {
  const c = useConnection();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => c.onReconnect(() => ref.current()), [c]);
}
