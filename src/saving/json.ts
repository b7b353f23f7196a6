// JSON value types for the Keras configs stored in model files (parsed, never evaluated).

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text from a model file, naming the file and the part on failure. */
export function parseJson(text: string, what: string, errorType: new (message: string) => Error): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new errorType(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}
