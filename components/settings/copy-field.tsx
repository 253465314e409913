"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

/** A value people paste elsewhere (an endpoint, a host): shown read-only with a Copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-lg border border-line bg-canvas px-3 py-2 font-mono text-sm"
        />
        <Button
          variant="secondary"
          onClick={() =>
            navigator.clipboard.writeText(value).then(
              () => toast.success(`${label} copied.`),
              () => toast.error("Could not copy: select the text and copy it yourself."),
            )
          }
        >
          Copy
        </Button>
      </div>
    </div>
  );
}
