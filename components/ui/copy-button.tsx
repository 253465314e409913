"use client";

import { useEffect, useState } from "react";
import { Button, type ButtonProps } from "./button";
import { toast } from "./toaster";

/** Copies `value` to the clipboard and says so on the button for a moment. */
export function CopyButton({ value, label = "Copy", copiedMessage, ...rest }: { value: string; label?: string; copiedMessage?: string } & Omit<ButtonProps, "onClick" | "value">) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      variant="secondary"
      size="sm"
      {...rest}
      onClick={() =>
        // The clipboard API exists only on secure origins (https, localhost).
        (navigator.clipboard?.writeText(value) ?? Promise.reject(new Error("no clipboard"))).then(
          () => {
            setCopied(true);
            if (copiedMessage) toast.success(copiedMessage);
          },
          () => toast.error("Could not copy: select the text and copy it yourself."),
        )
      }
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </Button>
  );
}
