"use client";

import { Component, type ReactNode } from "react";
import { useRouter } from "next/navigation";

interface State {
  error: Error | null;
}

class Boundary extends Component<{ children: ReactNode; onRetry: () => void }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    const digest = (this.state.error as Error & { digest?: string }).digest;
    return (
      <div role="alert" className="flex h-full min-h-40 flex-col items-center justify-center gap-2 rounded-xl border border-danger-600/20 bg-danger-50 p-6 text-center text-sm">
        <p className="font-medium text-danger-600">This panel could not load.</p>
        <p className="text-muted">The rest of the page is fine. {digest ? `Reference ${digest}.` : ""}</p>
        <button
          type="button"
          className="mt-1 rounded-md border border-line bg-surface px-3 py-1 text-xs font-medium hover:bg-canvas"
          onClick={() => {
            this.setState({ error: null });
            this.props.onRetry();
          }}
        >
          Try again
        </button>
      </div>
    );
  }
}

/** Keeps a failed panel's error inside the panel. */
export function PanelErrorBoundary({ children }: { children: ReactNode }) {
  const router = useRouter();
  return <Boundary onRetry={() => router.refresh()}>{children}</Boundary>;
}
