// The browser build embeds .wasm files: esbuild's binary loader turns an import of one into its bytes.
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
