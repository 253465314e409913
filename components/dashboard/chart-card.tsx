"use client";

import { useRef, type ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/components/ui/cn";
import { downloadBlob, exportFileName, toCsv, type TableModel } from "./table-model";

export interface ChartCardProps {
  title: string;
  description?: ReactNode;
  /** Rows behind the chart: the data-table alternative and the CSV. */
  table: TableModel;
  /** Formats a cell of the data table for people (the CSV keeps raw values). */
  formatCell?: (value: string | number | null, column: number) => string;
  /** Parts of the export file names (organisation, chart, range). */
  fileParts: string[];
  /** Paints the chart for the PNG when it is not a canvas already (the heatmaps). */
  toCanvas?: () => HTMLCanvasElement;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** White behind the chart: a transparent PNG pasted into a dark slide shows nothing. */
function onWhite(source: HTMLCanvasElement): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = source.width;
  canvas.height = source.height;
  const g = canvas.getContext("2d")!;
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(source, 0, 0);
  return canvas;
}

/**
 * A chart in a card, with what people expect around it: CSV and PNG downloads, and the numbers as a
 * table for screen readers and for anyone who would rather read than look.
 */
export function ChartCard({ title, description, table, formatCell, fileParts, toCanvas, action, children, className }: ChartCardProps) {
  const body = useRef<HTMLDivElement>(null);
  const csv = () => downloadBlob(new Blob([toCsv(table)], { type: "text/csv;charset=utf-8" }), exportFileName([...fileParts], "csv"));
  const png = async () => {
    // A chart's code loads beside the page: a click that comes first waits for its canvas (a few
    // seconds at most) instead of doing nothing.
    const drawn = () => body.current?.querySelector<HTMLCanvasElement>("[data-chart-ready] canvas");
    let canvas = toCanvas ? toCanvas() : drawn();
    for (let waited = 0; !canvas && waited < 5_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      canvas = drawn();
    }
    if (!canvas) {
      toast.error(`${title} has not finished loading; try again in a moment.`);
      return;
    }
    onWhite(canvas).toBlob((blob) => blob && downloadBlob(blob, exportFileName([...fileParts], "png")), "image/png");
  };
  const show = (value: string | number | null, column: number) => (formatCell ? formatCell(value, column) : value === null ? "—" : String(value));
  return (
    // min-w-0: a grid item is as wide as its widest content otherwise, and a wide heatmap would push the page sideways on a phone.
    <Card className={cn("min-w-0", className)} data-chart={title}>
      <header className="flex items-start justify-between gap-2 px-5 pt-4">
        <div className="min-w-0 flex-1">
          <h2 className="text-base font-semibold text-ink">{title}</h2>
          {description && <p className="mt-0.5 text-sm text-muted">{description}</p>}
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {action}
          <button type="button" onClick={csv} className="rounded-md px-2 py-1 text-xs font-medium text-muted hover:bg-black/5 hover:text-ink" aria-label={`Download ${title} as CSV`}>
            CSV
          </button>
          <button type="button" onClick={png} className="rounded-md px-2 py-1 text-xs font-medium text-muted hover:bg-black/5 hover:text-ink" aria-label={`Download ${title} as PNG`}>
            PNG
          </button>
        </div>
      </header>
      <div ref={body} className="px-5 pt-3 pb-2">
        {children}
      </div>
      <details className="group border-t border-line px-5 py-2 text-sm">
        <summary className="cursor-pointer text-xs font-medium text-muted select-none hover:text-ink">Data table</summary>
        <div className="mt-2 max-h-72 overflow-auto">
          <table className="w-full text-left text-xs tabular-nums">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col" className="border-b border-line py-1.5 pr-3 font-medium text-muted">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) =>
                    c === 0 ? (
                      <th key={c} scope="row" className="border-b border-line py-1.5 pr-3 font-normal">
                        {show(cell, c)}
                      </th>
                    ) : (
                      <td key={c} className="border-b border-line py-1.5 pr-3">
                        {show(cell, c)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </Card>
  );
}
