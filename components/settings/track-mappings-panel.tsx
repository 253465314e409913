"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, InputField, SelectField } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { customTypeForTrack, MAPPABLE_EVENT_TYPES, specEventFor } from "@/lib/events/segment";
import type { KnownEventType } from "@/lib/events/taxonomy";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

const TYPE_OPTIONS = [{ value: "", label: "Choose a type…" }, ...MAPPABLE_EVENT_TYPES.map((type) => ({ value: type, label: type }))];

/** What the server will do with a name as typed, so the form answers before anyone submits. */
function nameHint(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  const spec = specEventFor(trimmed);
  if (spec) return `"${spec.name}" is in Segment's e-commerce spec: it already becomes ${spec.type}.`;
  const custom = customTypeForTrack(trimmed);
  return custom ? `Without a mapping it is kept as the custom event ${custom}.` : "Without a mapping it cannot be stored: it has no Latin letter or digit.";
}

export function TrackMappingsPanel({ orgSlug, canManage }: { orgSlug: string; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const { data: mappings } = useSuspenseQuery(trpc.trackMapping.list.queryOptions({ orgSlug }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.trackMapping.list.queryKey({ orgSlug }) });
  const onError = (error: unknown) => toast.error(describeClientError(error).message);
  const add = useMutation(trpc.trackMapping.set.mutationOptions({ onSuccess: () => refresh() }));
  const change = useMutation(trpc.trackMapping.set.mutationOptions({ onSuccess: () => (toast.success("Mapping changed."), refresh()), onError }));
  const remove = useMutation(trpc.trackMapping.delete.mutationOptions({ onSuccess: () => (toast.success("Mapping removed."), refresh()), onError }));
  const failure = add.error ? describeClientError(add.error) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    add.mutate(
      { orgSlug, trackName: String(form.get("trackName") ?? ""), type: String(form.get("type") ?? "") as KnownEventType },
      {
        onSuccess: (saved) => {
          toast.success(`"${saved.trackName}" now becomes ${saved.type}.`);
          formElement.reset();
          setName("");
        },
      },
    );
  }

  return (
    <div>
      {canManage && (
        <form onSubmit={onSubmit} className="grid items-start gap-3 border-b border-line px-5 py-4 sm:grid-cols-[1fr_16rem_auto]" noValidate aria-label="Add a mapping">
          <div className="sm:col-span-3">
            <FormError message={failure && Object.keys(failure.fieldErrors).length === 0 ? failure.message : null} />
          </div>
          <InputField
            label="Segment event name"
            name="trackName"
            placeholder="Survey Answered"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              // A refusal is about the name it was given; a new name deserves a fresh hint.
              if (add.error) add.reset();
            }}
            hint={nameHint(name) ?? "Exactly as your track calls send it."}
            error={failure?.fieldErrors.trackName}
            autoComplete="off"
          />
          <SelectField label="Aftercart type" name="type" defaultValue="" options={TYPE_OPTIONS} error={failure?.fieldErrors.type} />
          <Button type="submit" pending={add.isPending} className="sm:mt-6.5">
            Add mapping
          </Button>
        </form>
      )}
      {mappings.length === 0 ? (
        <EmptyState title="No mappings yet">
          Track names outside Segment&apos;s e-commerce spec are kept as custom events. Map one when it means an event Aftercart measures.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Segment event</Th>
              <Th>Aftercart type</Th>
            </tr>
          </thead>
          <tbody>
            {mappings.map((m) => (
              <tr key={m.trackName}>
                <Td className="font-medium [overflow-wrap:anywhere]">{m.trackName}</Td>
                <Td>
                  {canManage ? (
                    <div className="flex flex-wrap items-center justify-between gap-2">
                      <select
                        aria-label={`Aftercart type for ${m.trackName}`}
                        className="w-full min-w-0 rounded-lg border border-line bg-surface px-2 py-1 font-mono text-sm sm:w-auto"
                        value={m.type}
                        disabled={change.isPending}
                        onChange={(e) => change.mutate({ orgSlug, trackName: m.trackName, type: e.target.value as KnownEventType })}
                      >
                        {MAPPABLE_EVENT_TYPES.map((type) => (
                          <option key={type} value={type}>
                            {type}
                          </option>
                        ))}
                      </select>
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-danger-600"
                        aria-label={`Remove the mapping of ${m.trackName}`}
                        pending={remove.isPending && remove.variables?.trackName === m.trackName}
                        onClick={() => {
                          if (window.confirm(`Remove the mapping of "${m.trackName}"? From now on it is kept as a custom event; events already stored keep their type.`)) {
                            remove.mutate({ orgSlug, trackName: m.trackName });
                          }
                        }}
                      >
                        Remove
                      </Button>
                    </div>
                  ) : (
                    <code className="font-mono text-sm">{m.type}</code>
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
