// The shape of a report: sections of blocks whose numbers are references into the results object.

/** A number shown in the page, read from results at `path`, printed with `digits` decimals (default 4). */
export interface ResultRef {
  path: string;
  digits?: number;
}

/** A table cell: literal text, or a number from the results. */
export type TableCell = string | ResultRef;

/** One piece of a report section. */
export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'metrics'; items: ReadonlyArray<{ label: string } & ResultRef> }
  | { kind: 'table'; caption?: string; columns: readonly string[]; rows: ReadonlyArray<readonly TableCell[]> }
  /** Preformatted text taken from results at `path` (e.g. the text of model.summary()). */
  | { kind: 'text'; path: string; caption?: string }
  | { kind: 'svg'; svg: string; caption: string; file?: string }
  | { kind: 'image'; png: Uint8Array; alt: string; caption: string; file?: string };

/** A titled part of the report (one per tutorial chapter, for example). */
export interface ReportSection {
  title: string;
  blocks: readonly ReportBlock[];
}

/** A whole report: a title, a line under it, and its sections. */
export interface ReportDocument {
  title: string;
  subtitle?: string;
  sections: readonly ReportSection[];
}
