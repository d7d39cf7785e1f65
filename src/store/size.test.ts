/**
 * The size budget: a 500 h Operate step at 10 Hz, recorded as 1.8 M per-second summaries,
 * stays under 100 MB on SQLite. Measured on 100 k rows and extrapolated.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { SampleDocument } from "../engine/documents.js";
import { openStore } from "./open.js";

const dir = mkdtempSync(join(tmpdir(), "ssbpress-size-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sample storage size (SQLite)", () => {
  it("100 k Operate summaries extrapolate to under 100 MB for 1.8 M", async () => {
    const file = join(dir, "size.sqlite");
    const store = await openStore(file);
    const run = "20261130-221530-0001";
    const t0 = 1_764_540_930;
    await store.write({
      type: "run-start",
      run,
      time: t0,
      protocol: "x",
      sha256: "0".repeat(64),
      name: "size",
      die: { "Diameter [mm]": 10, "Area [mm2]": 78.54, "Rating [MPa]": 500 },
      press: "sim",
      map: null,
      operator: null,
      version: "0.1.0",
      steps: 1,
    });
    const rows = 100_000;
    // 5 MPa in a 10 mm die (~393 N) with realistic noise, ram at ~12 mm, platen at 25 °C: the
    // per-second summaries a long Operate step produces.
    for (let i = 0; i < rows; i++) {
      const f = 0.3927 + 0.002 * Math.sin(i / 7) + (0.0005 * ((i * 7919) % 13)) / 13;
      const doc: SampleDocument = {
        type: "sample",
        run,
        time: t0 + 1_440_000 + i,
        step: 9,
        "Test time [s]": 1_440_000 + i,
        "Force setpoint [kN]": 0.3927,
        "Force [kN]": +f.toFixed(6),
        "Pressure [MPa]": +((f * 1000) / 78.54).toFixed(6),
        "Position [mm]": +(12.3456 - i * 1e-7).toFixed(6),
        "Temperature [degC]": +(25 + 0.1 * Math.sin(i / 100)).toFixed(3),
        "Force min [kN]": +(f - 0.0021).toFixed(6),
        "Force max [kN]": +(f + 0.0019).toFixed(6),
      };
      await store.write(doc);
    }
    await store.close();
    const db = new Database(file, { readonly: true });
    const pages = db.pragma("page_count", { simple: true }) as number;
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    const free = db.pragma("freelist_count", { simple: true }) as number;
    db.close();
    const bytes = (pages - free) * pageSize;
    // 47 bytes a row when measured (codec.ts): 85 MB for 1.8 M.
    expect(bytes).toBeLessThan((100e6 * rows) / 1.8e6);
  });
});
