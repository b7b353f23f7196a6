export { Generator, setSeed, defaultGenerator } from './generator.ts';
