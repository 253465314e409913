import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsv, type ReadCsvOptions } from "./reader";
import { CsvFileProblem, detectDelimiter } from "./sniff";

async function read(input: string | Uint8Array | (string | Uint8Array)[], options: ReadCsvOptions = {}) {
  const chunks = (Array.isArray(input) ? input : [input]).map((c) => (typeof c === "string" ? Buffer.from(c) : Buffer.from(c)));
  const out: [number, string[]][] = [];
  for await (const record of readCsv(Readable.from(chunks), options)) out.push([record.line, record.cells]);
  return out;
}

async function problem(input: string | Uint8Array, options: ReadCsvOptions = {}) {
  try {
    await read(input, options);
  } catch (error) {
    if (error instanceof CsvFileProblem) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a CsvFileProblem");
}

describe("readCsv line numbers", () => {
  it("numbers physical lines: the header is line 1, a quoted field with line breaks spans several", async () => {
    const csv = 'id,note\n1,"first\nsecond\nthird"\n2,plain\n3,"a ""quoted"" word"\n';
    expect(await read(csv)).toEqual([
      [1, ["id", "note"]],
      [2, ["1", "first\nsecond\nthird"]],
      [5, ["2", "plain"]],
      [6, ["3", 'a "quoted" word']],
    ]);
  });

  it("counts CRLF as one line break, inside quoted fields too, and skips blank lines without losing count", async () => {
    const csv = 'id,note\r\n1,"x\r\ny"\r\n\r\n,\r\n2,z\r\n3,last';
    expect(await read(csv)).toEqual([
      [1, ["id", "note"]],
      [2, ["1", "x\r\ny"]],
      [6, ["2", "z"]],
      [7, ["3", "last"]],
    ]);
  });

  it("counts a lone CR (old Mac files) as a line break", async () => {
    expect(await read('a,b\r1,"x\ry"\r2,3')).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "x\ry"]],
      [4, ["2", "3"]],
    ]);
  });

  it("reads records split across chunks at any byte, also inside a multi-byte character", async () => {
    const csv = Buffer.from('name,city\n"Zoë\nÅsa",Köln\nJörg,Münster\n');
    const whole = await read(csv);
    for (let cut = 1; cut < csv.length; cut++) {
      expect(await read([csv.subarray(0, cut), csv.subarray(cut)])).toEqual(whole);
    }
    expect(whole).toEqual([
      [1, ["name", "city"]],
      [2, ["Zoë\nÅsa", "Köln"]],
      [4, ["Jörg", "Münster"]],
    ]);
  });
});

describe("readCsv file problems", () => {
  it("detects the delimiter from the header line", async () => {
    expect(detectDelimiter("a;b;c\n1,5;2;3")).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter('"x,y";b;c')).toBe(";");
    expect(detectDelimiter("single")).toBe(",");
    expect(await read("a;b\n1,5;2\n")).toEqual([
      [1, ["a", "b"]],
      [2, ["1,5", "2"]],
    ]);
  });

  it("strips a UTF-8 byte-order mark from the first header", async () => {
    expect((await read("\uFEFFid,name\n1,x"))[0]).toEqual([1, ["id", "name"]]);
  });

  it("fails on bytes that are not UTF-8 and names the line", async () => {
    const latin1 = Buffer.concat([Buffer.from("id,city\n1,Berlin\n2,K"), Buffer.from([0xf6]), Buffer.from("ln\n")]);
    expect(await problem(latin1)).toMatchObject({ code: "encoding", message: expect.stringContaining("line 3") });
  });

  it("fails on a quote that is never closed, naming the line it opens on", async () => {
    expect(await problem('id,note\n1,ok\n2,"open\n3,x\n4,y\n')).toMatchObject({ code: "unclosed_quote", message: expect.stringContaining("Line 3") });
  });

  it("fails on a record longer than the limit instead of buffering the file", async () => {
    const huge = `id,note\n1,"${"x".repeat(1_100_000)}`;
    expect(await problem(huge)).toMatchObject({ code: "record_too_long", message: expect.stringContaining("line 2") });
  });

  it.each([
    ["a ZIP (xlsx) file", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), "not_csv", /Excel workbook/],
    ["gzip", Buffer.from([0x1f, 0x8b, 8, 0]), "not_csv", /compressed/],
    ["UTF-16", Buffer.from([0xff, 0xfe, 0x61, 0]), "encoding", /UTF-16/],
    ["JSON", Buffer.from('[{"type":"page.viewed"}]'), "not_csv", /JSON/],
    ["binary", Buffer.from([1, 2, 0, 4, 5]), "not_csv", /binary/],
  ])("refuses %s with a message that says what to do", async (_what, bytes, code, message) => {
    expect(await problem(bytes)).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it("in a partial read, drops the possibly cut last record and ignores a quote cut open", async () => {
    expect(await read("a,b\n1,2\n3,4", { partial: true })).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ]);
    expect(await read('a,b\n1,2\n3,"cut he', { partial: true })).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "2"]],
    ]);
  });

  it("reports the bytes it has consumed", async () => {
    const seen: number[] = [];
    await read(["a,b\n", "1,2\n", "3,4\n"], { onBytes: (b) => seen.push(b) });
    expect(seen).toEqual([4, 8, 12]);
  });
});
