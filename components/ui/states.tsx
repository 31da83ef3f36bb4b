import type { ReactNode } from 'react';

// Shared loading / empty / error states so every list reads the same way.
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" className="py-6 text-center text-sm text-muted">
      {label}
    </p>
  );
}
export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-muted">{children}</p>;
}
export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm text-danger">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

interface QueryLike<T> {
  isPending: boolean;
  error: unknown;
  data: T | undefined;
}

/**
 * A query's loading, error, empty and loaded states in that order, so every list reads the same
 * way: `empty` shows when `isEmpty(data)` (default: an empty array); `children` renders the data.
 */
export function QueryState<T>(props: {
  query: QueryLike<T>;
  loading?: string;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { query, empty } = props;
  if (query.isPending) return <Loading label={props.loading} />;
  if (query.error || query.data === undefined) return <ErrorText error={query.error} />;
  const isEmpty = props.isEmpty ?? ((d: T) => Array.isArray(d) && d.length === 0);
  if (empty !== undefined && isEmpty(query.data)) return <Empty>{empty}</Empty>;
  return props.children(query.data);
}
