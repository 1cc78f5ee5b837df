// Parsing of SSE `data:` text, shared by every event parser.

/** The JSON value of an event's data, or undefined when it is not a string of valid JSON (never throws). */
export function parseJsonData(data: unknown): unknown {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}
