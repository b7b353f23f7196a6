/** Starts the demo's server; port 0 takes a free one. */
export declare function serveDemo(options?: {
  port?: number;
  bundle?: string;
}): Promise<{ url: string; close(): Promise<void> }>;
