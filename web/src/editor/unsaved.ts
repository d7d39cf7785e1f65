/**
 * "Unsaved edits": the editor text differs from what was last opened, loaded, planned or saved.
 * Remembered as a hash in localStorage (beside the protocol itself, which protocol-state keeps), so
 * the question survives a reload and the planner can ask it too before replacing the text.
 */
const KEY = "ssbpress.saved-hash";

function hash(text: string): string {
  // FNV-1a, 32 bits: a fingerprint, not security; a collision only skips one confirmation
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length}:${h.toString(16)}`;
}

export function markSaved(text: string): void {
  try {
    localStorage.setItem(KEY, hash(text));
  } catch {
    // storage disabled: the next replacement asks once more, which is the safe side
  }
}

function hasUnsavedEdits(text: string): boolean {
  if (!text.trim()) return false;
  try {
    return localStorage.getItem(KEY) !== hash(text);
  } catch {
    return true;
  }
}

/** True when it is fine to replace the editor's text (nothing unsaved, or the user agreed). */
export function confirmDiscard(text: string, what: string): boolean {
  return (
    !hasUnsavedEdits(text) || window.confirm(`The protocol has unsaved edits. Discard them and ${what}?`)
  );
}
