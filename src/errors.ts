/** The root of every error nabla throws on purpose. */
export class NablaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Arrays whose shapes do not fit the operation (names both shapes). */
export class ShapeError extends NablaError {}

/** A value outside what the operation accepts (a rate outside [0, 1], an unknown string id, NaN input). */
export class ValueError extends NablaError {}

/** A file that is not what it claims to be: truncated, wrong magic, corrupt archive, wrong checksum. */
export class FileFormatError extends NablaError {}

/** A file or folder that cannot be written or read by the system (missing folder, no permission, disk full). */
export class FileSystemError extends NablaError {}

/** A request for more memory than the backend can hold (names the size asked for and what is available). */
export class MemoryLimitError extends NablaError {}

/** A model file that uses a layer (or other object) class nabla does not implement. */
export class NotImplementedLayerError extends NablaError {}

/** Formats a shape the way Keras prints it: (None, 784) or (32, 28, 28). */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}
