import { describe, expect, it } from "vitest";
import type { SampleDocument } from "../engine/documents.js";
import { BDF_COLUMNS, bdfMetadata, sidecarPath, writeRunBdf } from "./run-bdf.js";
import { CSV_COLUMNS, csvField, LineBuffer, writeRunCsv, writeRunJson } from "./run-export.js";
import { AREA_MM2, HOLD_KN, iterate, syntheticRun, T0 } from "./run-fixture.case.js";

async function collect(
  fn: (write: (chunk: string) => Promise<void>) => Promise<number>,
): Promise<{ text: string; chunks: string[]; n: number }> {
  const chunks: string[] = [];
  const n = await fn(async (c) => {
    chunks.push(c);
  });
  return { text: chunks.join(""), chunks, n };
}

describe("CSV export", () => {
  it("has the sample keys of §6 plus Unix time and Step, empty cells for nulls, operate min/max", async () => {
    const { samples } = syntheticRun();
    const { text, n } = await collect((w) => writeRunCsv(iterate(samples), w));
    const lines = text.trimEnd().split("\n");
    expect(n).toBe(samples.length);
    expect(lines).toHaveLength(samples.length + 1);
    expect(lines[0]).toBe(
      "Test time [s],Unix time [s],Step,Force setpoint [kN],Force [kN],Pressure [MPa],Position [mm],Temperature [degC],Force min [kN],Force max [kN]",
    );
    for (const key of [
      "Test time [s]",
      "Force setpoint [kN]",
      "Force [kN]",
      "Pressure [MPa]",
      "Position [mm]",
      "Temperature [degC]",
    ])
      expect(CSV_COLUMNS).toContain(key);
    // the first sample: position null (i % 5 === 0), temperature null
    expect(lines[1]).toBe(`0,${T0},1,0,0,0,,,,`);
    const row = (l: string) => l.split(",");
    expect(row(lines[2]!)[6]).toBe("12");
    // every line has the same number of cells
    for (const l of lines) expect(row(l)).toHaveLength(CSV_COLUMNS.length);
    const operate = lines.slice(1).filter((l) => row(l)[2] === "4");
    expect(operate).toHaveLength(10);
    const f = (5 * AREA_MM2) / 1000;
    expect(Number(row(operate[0]!)[8])).toBeCloseTo(f * 0.98, 12);
    expect(Number(row(operate[0]!)[9])).toBeCloseTo(f * 1.05, 12);
    // values round-trip exactly
    const hold = lines.slice(1).find((l) => row(l)[3] === String(HOLD_KN))!;
    expect(Number(row(hold)[3])).toBe(HOLD_KN);
  });

  it("a run with no samples is a header only", async () => {
    const { text, n } = await collect((w) => writeRunCsv(iterate([]), w));
    expect(n).toBe(0);
    expect(text.split("\n")).toHaveLength(2);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("quotes fields as RFC 4180 says", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });

  it("streams in bounded chunks of whole lines", async () => {
    const many = async function* (): AsyncIterable<SampleDocument> {
      const { samples } = syntheticRun();
      for (let k = 0; k < 20; k++) for (const s of samples) yield s;
    };
    const { chunks, n } = await collect((w) => writeRunCsv(many(), w));
    expect(n).toBeGreaterThan(7000);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.endsWith("\n")).toBe(true);
      expect(c.length).toBeLessThan(70 * 1024);
    }
    const buffered: string[] = [];
    const b = new LineBuffer((c) => void buffered.push(c), 10);
    await b.line("12345");
    expect(buffered).toEqual([]);
    await b.line("678");
    expect(buffered).toEqual(["12345\n678\n"]);
    await b.flush();
    expect(buffered).toHaveLength(1);
  });
});

describe("JSON export", () => {
  it("is one JSON document with run, stop, steps, events and every sample", async () => {
    const { record, samples } = syntheticRun();
    const { text, n } = await collect((w) => writeRunJson(record, iterate(samples), w));
    expect(n).toBe(samples.length);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc.run).toEqual(record.start);
    expect(doc.stop).toEqual(record.stop);
    expect(doc.steps).toEqual(record.steps);
    expect(doc.events).toEqual(record.events);
    expect(doc.samples).toEqual(samples);
  });

  it("an interrupted run without samples is valid JSON with stop null", async () => {
    const { record } = syntheticRun({ stopped: false, withSamples: false });
    const { text } = await collect((w) => writeRunJson(record, iterate([]), w));
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc.stop).toBeNull();
    expect(doc.samples).toEqual([]);
  });
});

describe("BDF export", () => {
  it("has exactly the contract's columns, in SI, with the commanded pressure following the ramp", async () => {
    const { record, samples } = syntheticRun();
    const { text, n } = await collect((w) => writeRunBdf(record, iterate(samples), w));
    const lines = text.trimEnd().split("\n");
    expect(n).toBe(samples.length);
    expect(lines[0]).toBe(
      "Test Time / s,Unix Time / s,Step Count / 1,Applied Pressure / Pa,Surface Pressure / Pa,Force / N,Ram Position / m,Platen Temperature / degC",
    );
    expect(BDF_COLUMNS).toHaveLength(8);
    const rows = lines.slice(1).map((l) => l.split(","));
    for (const r of rows) expect(r).toHaveLength(8);
    // the middle of the ramp: setpoint HOLD_KN/2 → 125 MPa commanded, measured lags 2 samples
    const i = samples.findIndex((s) => s["Force setpoint [kN]"] === (HOLD_KN * 50) / 100);
    const r = rows[i]!;
    expect(Number(r[0])).toBe(samples[i]!["Test time [s]"]);
    expect(Number(r[1])).toBe(samples[i]!.time);
    expect(r[2]).toBe("2");
    expect(Number(r[3])).toBeCloseTo(125e6, 0);
    expect(Number(r[4])).toBeCloseTo(120e6, 0);
    expect(Number(r[5])).toBeCloseTo(((HOLD_KN * 48) / 100) * 1000, 6);
    expect(Number(r[6])).toBeCloseTo((12 - 50 * 0.01) / 1000, 12);
    expect(r[6]).toBe("0.0115"); // no binary noise in the printed value
    expect(r[7]).toBe("");
    // the first sample: position null → empty
    expect(rows[0]![6]).toBe("");
    const operate = rows.filter((x) => x[2] === "4");
    expect(Number(operate[0]![7])).toBe(25);
    expect(Number(operate[0]![3])).toBeCloseTo(5e6, 0);
  });

  it("names the sidecar after the CSV file and fills it with the protocol, die area and software", () => {
    expect(sidecarPath("out/run.csv")).toBe("out/run.metadata.json");
    expect(sidecarPath("RUN.CSV")).toBe("RUN.metadata.json");
    expect(sidecarPath("run.bdf")).toBe("run.bdf.metadata.json");
    const { record } = syntheticRun();
    const m = bdfMetadata(record, { dataFile: "run.csv", dataSha256: "cd".repeat(32), samples: 3 });
    expect(m.run).toBe(record.start.run);
    expect(m.status).toBe("completed");
    expect(m.operator).toBe("Ada");
    expect(m.press).toBe("sim");
    expect(m.software).toEqual({ name: "ssbpress", version: "0.1.0" });
    expect(m.protocol).toEqual({ sha256: record.start.sha256, text: record.start.protocol });
    expect((m.die as Record<string, number>)["Area [m2]"]).toBeCloseTo(78.54e-6, 9);
    expect((m.die as Record<string, number>)["Rating [Pa]"]).toBe(740e6);
    expect(m.started).toBe(new Date(T0 * 1000).toISOString());
    expect(typeof m.stopped).toBe("string");
    expect(Object.keys(m.columns as object)).toEqual([...BDF_COLUMNS]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it("an interrupted run's sidecar says so and has no stop time", () => {
    const { record } = syntheticRun({ stopped: false });
    const m = bdfMetadata(record);
    expect(m.status).toBe("interrupted");
    expect(m.stopped).toBeNull();
    expect(m.reason).toBeNull();
  });
});
