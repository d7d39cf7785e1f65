import { describe, expect, it } from "vitest";
import { REFERENCES, formatReference, hasReference, sourceKeys } from "./references.js";

describe("references", () => {
  it("keys every entry by its own key", () => {
    for (const [k, r] of Object.entries(REFERENCES)) {
      expect(r.key).toBe(k);
      expect(r.authors.trim(), k).not.toBe("");
      expect(r.title.trim(), k).not.toBe("");
    }
  });

  it("formats a one-line citation", () => {
    const s = formatReference("Doux2020");
    expect(s).toBe(
      "Doux J.-M., Nguyen H., Tan D.H.S., Banerjee A., Wang X., Wu E.A., Jo C., Yang H., Meng Y.S. (2020). " +
        "Stack pressure considerations for room-temperature all-solid-state lithium metal batteries. " +
        "Advanced Energy Materials 10 1903253. doi:10.1002/aenm.201903253",
    );
    expect(s).not.toMatch(/\n/);
    expect(formatReference("Specac")).toBe(
      "Specac Ltd. 13 mm evacuable pellet die: maximum load (FAQ). vendor documentation.",
    );
    expect(formatReference("Nobody1999")).toBe("Nobody1999 (unknown reference)");
  });

  it("knows which keys exist", () => {
    expect(hasReference("Masias2019")).toBe(true);
    expect(hasReference("Haynes2016")).toBe(true);
    expect(hasReference("toString")).toBe(false);
    expect(hasReference("Nobody1999")).toBe(false);
  });

  it("maps source cells of the data files to keys", () => {
    expect(sourceKeys("Doux2020")).toEqual(["Doux2020"]);
    expect(sourceKeys("Song2025 via review")).toEqual(["Song2025"]);
    expect(sourceKeys("Xu2017 via NarayanAnand2018")).toEqual(["Xu2017", "NarayanAnand2018"]);
    expect(sourceKeys("Miss2026 citing Hua2020")).toEqual(["Miss2026"]);
    expect(sourceKeys("Masias2019 (refit)")).toEqual(["Masias2019"]);
    expect(sourceKeys("hot-pressed garnet study")).toEqual(["Ni2012"]);
    expect(sourceKeys("review")).toEqual(["ReviewUnidentified"]);
    expect(sourceKeys("computed from density")).toEqual([]);
  });
});
