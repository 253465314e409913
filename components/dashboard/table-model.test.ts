import { describe, expect, it } from "vitest";
import { exportFileName, toCsv } from "./table-model";

describe("chart exports", () => {
  it("CSV keeps raw numbers, empty cells for nulls, and quotes what needs quoting", () => {
    expect(toCsv({ columns: ["period start", "revenue"], rows: [["2026-11-06", 1234.5678], ["2026-11-07", null], ['say "hi", then', 3]] })).toBe(
      'period start,revenue\n2026-11-06,1234.5678\n2026-11-07,\n"say ""hi"", then",3\n',
    );
  });

  it("text a spreadsheet would run as a formula is made inert; numbers, negative ones included, stay numbers", () => {
    const csv = toCsv({ columns: ["comment", "score"], rows: [['=HYPERLINK("http://evil.example","x")', -3], ["+1 555", 4], ["@SUM(A1)", 5], ["-2 pts", 0], ["fine", 1]] });
    expect(csv).toBe(`comment,score\n"'=HYPERLINK(""http://evil.example"",""x"")",-3\n'+1 555,4\n'@SUM(A1),5\n'-2 pts,0\nfine,1\n`);
  });

  it("file names are lower-case, dash-separated and sortable", () => {
    expect(exportFileName(["demo", "Checkout funnel", "2026-11-06", "to", "2026-12-05"], "csv")).toBe("demo-checkout-funnel-2026-11-06-to-2026-12-05.csv");
    expect(exportFileName(["Acme GmbH", "nps/ces"], "png")).toBe("acme-gmbh-nps-ces.png");
  });
});
