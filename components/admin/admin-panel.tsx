import type { ReactNode } from 'react';

/** One admin panel: a titled, described section with its actions (buttons) on the right. */
export function AdminPanel(props: {
  id: string;
  title: ReactNode;
  description: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = `${props.id}-heading`;
  return (
    <section aria-labelledby={heading} className="rounded-xl border border-border bg-panel p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id={heading} className="text-lg font-semibold">
            {props.title}
          </h2>
          <p className="mt-1 text-sm text-muted">{props.description}</p>
        </div>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}
