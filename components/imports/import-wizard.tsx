"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type ChangeEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc/client";
import { describeClientError } from "@/lib/trpc/errors";
import { formatBytes, readFileHead, uploadImport } from "./file-transfer";
import { ImportProgress } from "./import-progress";
import { MappingEditor, type MappingState } from "./mapping-editor";
import { PreviewTable } from "./preview-table";
import type { ImportFormat, ImportPreview } from "./types";

interface Props {
  orgSlug: string;
  formats: ImportFormat[];
  orgTimeZone: string;
  maxBytes: number;
}

type Head = { base64: string; complete: boolean };

function firstSentence(text: string): string {
  const end = text.indexOf(". ");
  return end === -1 ? text : text.slice(0, end + 1);
}

function StepTitle({ n, children }: { n: number; children: string }) {
  return (
    <h3 className="mb-3 flex items-center gap-2 text-sm font-semibold">
      <span className="grid size-6 place-items-center rounded-full bg-brand-50 text-xs text-brand-700 ring-1 ring-brand-100">{n}</span>
      {children}
    </h3>
  );
}

/** Kind or preset -> file -> columns and preview -> upload -> live progress. */
export function ImportWizard({ orgSlug, formats, orgTimeZone, maxBytes }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formatId, setFormatId] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [head, setHead] = useState<Head | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<MappingState | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [upload, setUpload] = useState<{ fraction: number; abort: () => void } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  // Remounts the file input on "start over", which clears the chosen file.
  const [inputKey, setInputKey] = useState(0);
  const previewCall = useMutation(trpc.import.preview.mutationOptions());
  // Previews answer out of order when the admin changes columns quickly: only the latest counts.
  const latest = useRef(0);
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const format = formats.find((f) => f.id === formatId) ?? null;

  async function runPreview(id: string, fileHead: Head, withMapping?: MappingState) {
    const call = ++latest.current;
    try {
      const result = await previewCall.mutateAsync({
        orgSlug,
        format: id as ImportFormat["id"],
        head: fileHead.base64,
        complete: fileHead.complete,
        mapping: withMapping && { columns: withMapping.columns, extra: withMapping.extra, timeZone: withMapping.timeZone, dateOrder: withMapping.dateOrder },
      });
      if (call !== latest.current) return;
      setPreview(result);
      if (!withMapping) setMapping({ columns: result.mapping.columns, extra: result.mapping.extra, timeZone: result.mapping.timeZone, dateOrder: result.mapping.dateOrder });
    } catch (error) {
      if (call === latest.current) setFileError(describeClientError(error).message);
    }
  }

  function chooseFormat(id: string) {
    setFormatId(id);
    setPreview(null);
    setMapping(null);
    if (head) void runPreview(id, head);
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFileError(null);
    setPreview(null);
    setMapping(null);
    setHead(null);
    setFile(chosen);
    if (!chosen) return;
    if (chosen.size === 0) return setFileError("This file is empty.");
    if (chosen.size > maxBytes) return setFileError(`This file is ${formatBytes(chosen.size)}; the limit is ${formatBytes(maxBytes)}. Split it into smaller files.`);
    const fileHead = await readFileHead(chosen);
    setHead(fileHead);
    if (formatId) await runPreview(formatId, fileHead);
  }

  function changeMapping(next: MappingState) {
    setMapping(next);
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => formatId && head && void runPreview(formatId, head, next), 250);
  }

  async function start() {
    if (!file || !formatId || !mapping) return;
    setUploadError(null);
    const query = new URLSearchParams({ fileName: file.name, mapping: JSON.stringify({ format: formatId, ...mapping, delimiter: preview?.delimiter ?? undefined }) });
    const transfer = uploadImport(`/api/orgs/${orgSlug}/imports?${query}`, file, (fraction) => setUpload((u) => u && { ...u, fraction }));
    setUpload({ fraction: 0, abort: transfer.abort });
    try {
      const { id } = await transfer.promise;
      setImportId(id);
      void queryClient.invalidateQueries({ queryKey: trpc.import.list.queryKey({ orgSlug }) });
    } catch (error) {
      setUploadError((error as Error).message);
    } finally {
      setUpload(null);
    }
  }

  function reset() {
    latest.current++;
    setFormatId(null);
    setFile(null);
    setHead(null);
    setFileError(null);
    setMapping(null);
    setPreview(null);
    setUploadError(null);
    setImportId(null);
    setInputKey((k) => k + 1);
  }

  if (importId) {
    return (
      <div className="space-y-4 px-5 py-4">
        <ImportProgress orgSlug={orgSlug} importId={importId} />
        <Button variant="ghost" onClick={reset}>
          Import another file
        </Button>
      </div>
    );
  }

  const examples: Record<string, string> = {};
  for (const [index, header] of (preview?.headers ?? []).entries()) {
    const value = preview?.sample.map((r) => r.cells[index]?.trim()).find(Boolean);
    if (value) examples[header] = value;
  }
  const blocked = !preview || preview.problems.length > 0 || preview.needsDateOrder || previewCall.isPending;
  const rejectedInPreview = preview?.rows.filter((r) => r.problems.length > 0).length ?? 0;

  return (
    <div className="space-y-8 px-5 py-5">
      <section>
        <StepTitle n={1}>What is in the file?</StepTitle>
        <fieldset className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          <legend className="sr-only">What the file holds</legend>
          {formats.map((f) => (
            <label
              key={f.id}
              className="flex cursor-pointer gap-3 rounded-lg border border-line p-3 text-sm hover:bg-canvas has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
            >
              <input type="radio" name="format" value={f.id} checked={formatId === f.id} onChange={() => chooseFormat(f.id)} className="mt-0.5 accent-brand-600" />
              <span>
                <span className="block font-medium">
                  {f.label}
                  {f.preset && <span className="ml-1.5 text-xs font-normal text-muted">preset</span>}
                </span>
                <span className="block text-xs text-muted">{firstSentence(f.description)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {format && <p className="mt-3 rounded-lg bg-canvas px-3 py-2 text-xs leading-relaxed text-muted">{format.description}</p>}
      </section>

      <section>
        <StepTitle n={2}>Choose the file</StepTitle>
        <label className="block text-sm">
          <span className="sr-only">CSV file</span>
          <input
            key={inputKey}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            disabled={!format}
            onChange={chooseFile}
            className="block w-full text-sm file:mr-3 file:rounded-lg file:border file:border-line file:bg-surface file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-canvas disabled:opacity-60"
          />
        </label>
        <p className="mt-1.5 text-xs text-muted">
          {file ? `${file.name} · ${formatBytes(file.size)}` : format ? `CSV in UTF-8, up to ${formatBytes(maxBytes)}. Only its first lines are read until you start.` : "Choose what the file holds first."}
        </p>
        {fileError && (
          <div className="mt-2">
            <FormError message={fileError} />
          </div>
        )}
      </section>

      {preview && format && mapping && preview.headers.length > 0 && (
        <section>
          <StepTitle n={3}>Match the columns</StepTitle>
          <MappingEditor
            format={format}
            headers={preview.headers}
            examples={examples}
            mapping={mapping}
            onChange={changeMapping}
            orgTimeZone={orgTimeZone}
            needsDateOrder={preview.needsDateOrder}
          />
        </section>
      )}

      {preview && (
        <section aria-live="polite">
          <StepTitle n={preview.headers.length ? 4 : 3}>Check the first rows</StepTitle>
          {preview.problems.length > 0 ? (
            <div className="space-y-2">
              {preview.problems.map((p) => (
                <FormError key={p} message={p} />
              ))}
            </div>
          ) : (
            <>
              <p className="mb-2 text-sm text-muted">
                How Aftercart reads the first {preview.rows.length} rows{rejectedInPreview > 0 ? `: ${rejectedInPreview} would be rejected` : ""}. Rejected rows are
                skipped and listed after the import, with their line numbers.
              </p>
              <div className="rounded-lg border border-line">
                <PreviewTable rows={preview.rows} />
              </div>
            </>
          )}
        </section>
      )}

      {preview && (
        <div className="flex flex-wrap items-center gap-3 border-t border-line pt-5">
          {upload ? (
            <>
              <div className="min-w-48 flex-1">
                <div role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(upload.fraction * 100)} className="h-2 overflow-hidden rounded-full bg-canvas ring-1 ring-line">
                  <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${Math.round(upload.fraction * 100)}%` }} />
                </div>
                <p className="mt-1 text-xs text-muted">Uploading… {Math.round(upload.fraction * 100)}%</p>
              </div>
              <Button variant="secondary" onClick={upload.abort}>
                Stop upload
              </Button>
            </>
          ) : (
            <>
              <Button onClick={start} disabled={blocked}>
                Start import
              </Button>
              <Button variant="ghost" onClick={reset}>
                Start over
              </Button>
              {preview.needsDateOrder && <p className="text-sm text-muted">Say how to read dates like 03/04/2026 first.</p>}
            </>
          )}
          {uploadError && (
            <div className="w-full">
              <FormError message={uploadError} />
            </div>
          )}
        </div>
      )}
    </div>
  );
}
