import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./diff.js";

const lines = (n: number, edit: (i: number) => string = (i) => `line ${i}`) =>
  Array.from({ length: n }, (_, i) => edit(i + 1)).join("\n") + "\n";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff(lines(5), lines(5), "a", "b")).toBe("");
  });

  it("shows a changed line as removal then addition, with three lines of context", () => {
    const before = lines(10);
    const after = lines(10, (i) => (i === 5 ? "line five" : `line ${i}`));
    expect(unifiedDiff(before, after, "old.ts", "new.ts").split("\n")).toEqual([
      "--- old.ts",
      "+++ new.ts",
      "@@ -2,7 +2,7 @@",
      " line 2",
      " line 3",
      " line 4",
      "-line 5",
      "+line five",
      " line 6",
      " line 7",
      " line 8",
    ]);
  });

  it("keeps distant changes in separate hunks and counts inserted lines", () => {
    const before = lines(20);
    const after = lines(20, (i) => (i === 2 ? "line 2\nextra" : i === 18 ? "changed" : `line ${i}`));
    const out = unifiedDiff(before, after, "a", "b");
    const headers = out.split("\n").filter((l) => l.startsWith("@@"));
    expect(headers).toEqual(["@@ -1,5 +1,6 @@", "@@ -15,6 +16,6 @@"]);
    expect(out).toContain("\n+extra\n");
    expect(out).toContain("\n-line 18\n+changed\n");
  });

  it("diffs against an empty (missing) file", () => {
    expect(unifiedDiff("", "a\nb\n", "missing", "new").split("\n")).toEqual([
      "--- missing",
      "+++ new",
      "@@ -0,0 +1,2 @@",
      "+a",
      "+b",
    ]);
  });

  it("cuts a long diff and says how much it left out", () => {
    const out = unifiedDiff(
      lines(50),
      lines(50, (i) => `new ${i}`),
      "a",
      "b",
      { maxLines: 10 },
    );
    const shown = out.split("\n");
    expect(shown).toHaveLength(11);
    // 2 file lines, 1 hunk header and 100 changed lines, of which 10 are shown
    expect(shown[10]).toBe("… 93 more diff lines not shown");
  });
});
