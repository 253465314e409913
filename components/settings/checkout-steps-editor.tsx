"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_CHECKOUT_STEPS, STEP_NAME_PATTERN } from "@/lib/validation/metric-settings";

interface Props {
  steps: string[];
  onChange: (steps: string[]) => void;
  error?: string[];
  disabled?: boolean;
}

/**
 * The checkout step order: the funnel, step exits and Segment's numbered steps all read it. Steps
 * can be added, moved and removed; the server checks the names again on save.
 */
export function CheckoutStepsEditor({ steps, onChange, error, disabled }: Props) {
  const id = useId();
  const [draft, setDraft] = useState("");
  const name = draft.trim().toLowerCase();
  const problem =
    name === ""
      ? null
      : !STEP_NAME_PATTERN.test(name)
        ? "Use lower-case letters, digits and underscores, starting with a letter."
        : steps.includes(name)
          ? `"${name}" is already a step.`
          : steps.length >= MAX_CHECKOUT_STEPS
            ? `At most ${MAX_CHECKOUT_STEPS} steps.`
            : null;
  const addDraft = () => {
    if (!name || problem) return;
    onChange([...steps, name]);
    setDraft("");
  };
  const move = (from: number, to: number) => {
    const next = [...steps];
    const [step] = next.splice(from, 1);
    next.splice(to, 0, step!);
    onChange(next);
  };
  return (
    <div className="space-y-2" role="group" aria-labelledby={`${id}-label`}>
      <p id={`${id}-label`} className="text-sm font-medium text-ink">
        Checkout steps, in the order shoppers meet them
      </p>
      <p className="text-xs text-muted">
        A step counts as reached when it or any later one was viewed. Segment&apos;s numbered steps (step 1, 2, …) are named by this order
        when they arrive; events already stored keep their names.
      </p>
      <ol className="divide-y divide-line rounded-lg border border-line">
        {steps.map((step, index) => (
          <li key={step} className="flex items-center gap-3 px-3 py-2 text-sm">
            <span className="w-5 text-right tabular-nums text-muted">{index + 1}</span>
            <code className="flex-1 font-mono">{step}</code>
            <Button size="sm" variant="ghost" type="button" disabled={disabled || index === 0} onClick={() => move(index, index - 1)} aria-label={`Move ${step} up`}>
              ↑
            </Button>
            <Button
              size="sm"
              variant="ghost"
              type="button"
              disabled={disabled || index === steps.length - 1}
              onClick={() => move(index, index + 1)}
              aria-label={`Move ${step} down`}
            >
              ↓
            </Button>
            <Button
              size="sm"
              variant="ghost"
              type="button"
              className="text-danger-600"
              disabled={disabled || steps.length === 1}
              onClick={() => onChange(steps.filter((s) => s !== step))}
              aria-label={`Remove ${step}`}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      {!disabled && (
        <div className="flex items-start gap-2">
          <div className="flex-1">
            <input
              aria-label="New step name"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addDraft();
                }
              }}
              placeholder="e.g. delivery_slot"
              className="block w-full rounded-lg border border-line bg-surface px-3 py-2 text-sm"
              aria-invalid={problem !== null}
            />
            {problem && <p className="mt-1 text-xs font-medium text-danger-600">{problem}</p>}
          </div>
          <Button type="button" variant="secondary" disabled={!name || problem !== null} onClick={addDraft}>
            Add step
          </Button>
        </div>
      )}
      {error && (
        <p className="text-xs font-medium text-danger-600" role="alert">
          {error.join(" ")}
        </p>
      )}
    </div>
  );
}
