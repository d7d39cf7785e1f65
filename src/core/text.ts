/**
 * Echoing user text safely. A protocol, a file name or an argument may hold control characters
 * (an escape sequence that recolours or clears the terminal, a carriage return that overwrites the
 * line before it); every message that repeats user text shows them as visible escapes instead.
 */

/** Longest piece of user text repeated in a message; the rest is elided so one bad value cannot flood the output. */
export const MAX_ECHO_LENGTH = 200;

// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Replace control and bidirectional-override characters with visible escapes (\x1b, \u202e); keeps tabs and newlines. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** User text as it may appear inside a message: control characters escaped, newlines shown, length bounded. */
export function echo(text: string, max = MAX_ECHO_LENGTH): string {
  const flat = escapeControl(text).replace(/\r?\n/g, "\\n").replace(/\t/g, "\\t");
  return flat.length > max ? `${flat.slice(0, max)}… (${flat.length - max} more characters)` : flat;
}
