"use client";

import { useMutation } from "@tanstack/react-query";
import { parse } from "csv-parse/browser/esm/sync";
import { useState, type ChangeEvent } from "react";
import { downloadBlob, exportFileName, toCsv } from "@/components/dashboard/table-model";
import { Button } from "@/components/ui/button";
import { FormError, TextareaField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { MAX_LINKS_PER_REQUEST } from "@/lib/validation/surveys";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";

const ID_COLUMNS = ["customerid", "customer_id", "customer id", "id", "userid", "user_id"];

/** Customer ids from a CSV file: the customerId column (or id, userId), else the first column. */
export function customerIdsFromCsv(text: string): string[] {
  const rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as string[][];
  if (rows.length === 0) return [];
  const header = rows[0]!.map((h) => h.toLowerCase());
  const column = header.findIndex((h) => ID_COLUMNS.includes(h));
  const body = column >= 0 ? rows.slice(1) : rows;
  return body.map((r) => r[Math.max(column, 0)] ?? "").filter(Boolean);
}

/**
 * Per-recipient links in bulk: paste customer ids or load a CSV, get a CSV of signed links back to
 * send with your own email tool. Each link attaches its answer to that customer.
 */
export function RecipientLinks({ orgSlug, surveyId, surveyName, origin }: { orgSlug: string; surveyId: string; surveyName: string; origin: string }) {
  const trpc = useTRPC();
  const [ids, setIds] = useState("");
  const [recordSent, setRecordSent] = useState(true);
  const create = useMutation(
    trpc.survey.recipientLinks.mutationOptions({
      onSuccess: ({ links, sent }) => {
        const csv = toCsv({ columns: ["customerId", "link"], rows: links.map((l) => [l.customerId, `${origin}${l.path}`]) });
        downloadBlob(new Blob([csv], { type: "text/csv;charset=utf-8" }), exportFileName([orgSlug, surveyName, "links"], "csv"));
        const repeat = recordSent && sent < links.length ? ` (${(links.length - sent).toLocaleString("en")} were already recorded today)` : "";
        toast.success(`${links.length.toLocaleString("en")} links downloaded${recordSent ? `, ${sent.toLocaleString("en")} sends recorded${repeat}` : ""}.`);
      },
    }),
  );
  const customerIds = [...new Set(ids.split(/[\n,;\t]/).map((s) => s.trim()).filter(Boolean))];
  const failure = create.error ? describeClientError(create.error) : null;

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    try {
      const found = customerIdsFromCsv(await file.text());
      if (!found.length) toast.error(`${file.name} has no customer ids.`);
      else setIds(found.join("\n"));
    } catch (error) {
      toast.error(`${file.name} could not be read as CSV: ${(error as Error).message}`);
    }
    event.target.value = "";
  }

  return (
    <div className="space-y-3">
      <FormError message={failure?.message} />
      <TextareaField
        label="Customer ids, one per line"
        rows={5}
        value={ids}
        onChange={(e) => setIds(e.target.value)}
        placeholder={"cus_1001\ncus_1002"}
        className="font-mono"
        hint={`${customerIds.length.toLocaleString("en")} distinct, at most ${MAX_LINKS_PER_REQUEST.toLocaleString("en")} at a time. The ids your events use as customerId.`}
      />
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
          Load from a CSV file…
          <input type="file" accept=".csv,text/csv" className="sr-only" onChange={onFile} />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={recordSent} onChange={(e) => setRecordSent(e.target.checked)} className="size-4 accent-brand-600" />
          Record them as sent today (the response rate counts them; once per customer a day)
        </label>
      </div>
      <Button pending={create.isPending} disabled={customerIds.length === 0} onClick={() => create.mutate({ orgSlug, surveyId, customerIds, recordSent })}>
        Download {customerIds.length ? customerIds.length.toLocaleString("en") : ""} links as CSV
      </Button>
    </div>
  );
}
