/** The Parameters view, loaded on demand: three.js and the page's code stay out of the main bundle. */
import { lazy, Suspense } from 'react';
import { Spinner } from '../ui/feedback.js';

const ParametersPage = lazy(() => import('./parameters-page.js'));

export function ParametersRoute({ id }: { id: string }) {
  return (
    <Suspense fallback={<Spinner label="Loading the Parameters view…" />}>
      <ParametersPage id={id} />
    </Suspense>
  );
}
