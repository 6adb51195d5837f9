/** A banner while the live connection is down (server restarting, network gone); it goes when the socket is back. */
import { Delayed } from './feedback.js';
import { useLiveState } from '../live/live-context.js';

export function ConnectionBanner() {
  const state = useLiveState();
  if (state !== 'disconnected') return null;
  return (
    <Delayed ms={400}>
      <div className="banner" role="status" data-testid="disconnected-banner">
        Lost the connection to the runlens server — reconnecting… Live updates resume (and missed changes are fetched)
        as soon as it is back.
      </div>
    </Delayed>
  );
}

export function LiveDot() {
  const state = useLiveState();
  const label = state === 'open' ? 'live' : state === 'connecting' ? 'connecting…' : 'offline';
  return (
    <span className={`live-dot live-${state}`} title={`Live updates: ${label}`} data-testid="live-state" data-state={state}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}
