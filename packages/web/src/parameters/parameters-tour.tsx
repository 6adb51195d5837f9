/**
 * A short guided tour of the Parameters view: each step rings one part of the page (found by its `data-tour`
 * attribute) and explains it. Dismissed or finished once, it stays dismissed (localStorage); the Tour button reopens it.
 */
import { useEffect, useLayoutEffect, useState } from 'react';

const STORAGE_KEY = 'runlens.parameters.tour.done';

/** Whether the tour was finished or dismissed before (storage errors count as done: never nag). */
export function tourDone(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === '1';
  } catch {
    return true;
  }
}

function rememberDone(): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, '1');
  } catch {
    // private mode or storage full: the tour shows again next time
  }
}

interface TourStep {
  target: string;
  title: string;
  text: string;
}

export const TOUR_STEPS: readonly TourStep[] = [
  { target: 'cloud', title: 'The point cloud', text: 'Each point is one row of the selected tensor — for the token embedding, one character — projected to 3-D. Drag to orbit, scroll to zoom.' },
  { target: 'timeline', title: 'Playback', text: 'Play runs through the snapshots logged during training; the points glide between them. Change the speed, colouring and point size here.' },
  { target: 'phases', title: 'Loss and training phases', text: 'The slider sits on the loss curve’s step axis. Bands mark initialisation, rapid learning and convergence; the marker shows the step the cloud is at.' },
  { target: 'cloud', title: 'Tooltips', text: 'Hover a point for its label, norm, coordinates and nearest neighbours at the shown step.' },
  { target: 'explain', title: 'What am I looking at?', text: 'Open this panel for what the tensor is and what its motion means.' },
];

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function ParametersTour({ onClose }: { onClose: () => void }) {
  const [index, setIndex] = useState(0);
  const [box, setBox] = useState<Box | null>(null);
  const step = TOUR_STEPS[index]!;

  useLayoutEffect(() => {
    const measure = () => {
      const el = document.querySelector(`[data-tour="${step.target}"]`);
      if (!el) return setBox(null);
      const r = el.getBoundingClientRect();
      setBox({ left: r.left, top: r.top, width: r.width, height: r.height });
    };
    measure();
    window.addEventListener('resize', measure);
    window.addEventListener('scroll', measure, true);
    // the page around the target may still be laying out (charts arrive after the cloud)
    const timer = window.setInterval(measure, 500);
    return () => {
      window.removeEventListener('resize', measure);
      window.removeEventListener('scroll', measure, true);
      window.clearInterval(timer);
    };
  }, [step.target]);

  const close = () => {
    rememberDone();
    onClose();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const last = index === TOUR_STEPS.length - 1;
  const vh = window.innerHeight;
  const vw = window.innerWidth;
  // the card below the ring when there is room, else above it, else inside its top
  const cardTop = box ? (box.top + box.height + 170 < vh ? box.top + box.height + 10 : box.top > 180 ? box.top - 170 : box.top + 10) : vh / 2 - 80;
  const cardLeft = box ? Math.min(Math.max(10, box.left), vw - 350) : vw / 2 - 170;

  return (
    <div className="tour" data-testid="tour" role="dialog" aria-label="Guided tour of the Parameters view">
      {box && <div className="tour-ring" style={{ left: box.left - 4, top: box.top - 4, width: box.width + 8, height: box.height + 8 }} />}
      <div className="tour-card" style={{ left: cardLeft, top: Math.max(10, cardTop) }} data-testid="tour-card">
        <div className="muted">
          {index + 1} of {TOUR_STEPS.length}
        </div>
        <strong>{step.title}</strong>
        <p>{step.text}</p>
        <div className="tour-buttons">
          <button type="button" data-testid="tour-dismiss" onClick={close}>
            Skip tour
          </button>
          {index > 0 && (
            <button type="button" onClick={() => setIndex(index - 1)}>
              Back
            </button>
          )}
          <button type="button" className="primary" data-testid="tour-next" onClick={() => (last ? close() : setIndex(index + 1))}>
            {last ? 'Done' : 'Next'}
          </button>
        </div>
      </div>
    </div>
  );
}
