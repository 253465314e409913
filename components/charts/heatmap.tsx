"use client";

/**
 * A heatmap as an HTML table (step x week, cohort x month): the table is its own accessible
 * alternative, and each cell keeps its number on screen. `drawHeatmap` paints the same model on a
 * canvas for the PNG download.
 */
export interface HeatmapModel {
  corner: string;
  columns: string[];
  rows: { label: string; cells: { value: number | null; text: string }[] }[];
  /** Which end of the scale is the dark one: high exit rates are bad, high retention is good. */
  darkIsHigh?: boolean;
}

const LIGHT: [number, number, number] = [238, 247, 243];
const DARK: [number, number, number] = [18, 92, 64];

/** The model's colour scale, its range read once: a cell's background and text colour by its value. */
function shading(model: HeatmapModel): (value: number | null) => { background: string; color: string } {
  const values = model.rows.flatMap((r) => r.cells.map((c) => c.value)).filter((v): v is number => v !== null);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (value) => {
    if (value === null) return { background: "#f6f7f5", color: "#5b6661" };
    let t = max === min ? 0.5 : (value - min) / (max - min);
    if (model.darkIsHigh === false) t = 1 - t;
    const mix = LIGHT.map((l, i) => Math.round(l + (DARK[i]! - l) * t));
    // White text from the middle of the scale on keeps 4.5:1 contrast on the darker greens.
    return { background: `rgb(${mix.join(",")})`, color: t > 0.5 ? "#ffffff" : "#17211d" };
  };
}

export function Heatmap({ model, caption }: { model: HeatmapModel; caption: string }) {
  const shade = shading(model);
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-separate border-spacing-0.5 text-xs tabular-nums">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 text-left font-medium text-muted">
              {model.corner}
            </th>
            {model.columns.map((c) => (
              <th key={c} scope="col" className="px-1 py-1 text-center font-medium whitespace-nowrap text-muted">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row) => (
            <tr key={row.label}>
              <th scope="row" className="px-2 py-1 text-left font-medium whitespace-nowrap">
                {row.label}
              </th>
              {row.cells.map((cell, i) => (
                <td key={i} className="rounded px-1 py-1.5 text-center whitespace-nowrap" style={shade(cell.value)}>
                  {cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The same heatmap on a canvas, for "Download PNG". */
export function drawHeatmap(model: HeatmapModel, title: string): HTMLCanvasElement {
  const cellW = 64;
  const cellH = 28;
  const headW = 120;
  const top = 56;
  const canvas = document.createElement("canvas");
  const scale = 2;
  canvas.width = (headW + model.columns.length * cellW + 16) * scale;
  canvas.height = (top + (model.rows.length + 1) * cellH + 16) * scale;
  const g = canvas.getContext("2d")!;
  const shade = shading(model);
  g.scale(scale, scale);
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.font = "600 14px sans-serif";
  g.fillStyle = "#17211d";
  g.fillText(title, 8, 22);
  g.font = "11px sans-serif";
  g.textBaseline = "middle";
  g.fillStyle = "#5b6661";
  g.fillText(model.corner, 8, top + cellH / 2);
  model.columns.forEach((c, i) => g.fillText(c, headW + i * cellW + 4, top + cellH / 2, cellW - 6));
  model.rows.forEach((row, r) => {
    const y = top + (r + 1) * cellH;
    g.fillStyle = "#17211d";
    g.fillText(row.label, 8, y + cellH / 2, headW - 12);
    row.cells.forEach((cell, i) => {
      const { background, color } = shade(cell.value);
      g.fillStyle = background;
      g.fillRect(headW + i * cellW, y + 1, cellW - 2, cellH - 2);
      g.fillStyle = color;
      g.fillText(cell.text, headW + i * cellW + 4, y + cellH / 2, cellW - 8);
    });
  });
  return canvas;
}
