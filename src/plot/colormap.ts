// Colour maps for single-channel images (matplotlib's 'gray' and 'gray_r').
import { ValueError } from '../errors.ts';

/** The colour maps imageGrid accepts, by matplotlib's names. */
export type ColormapName = 'gray' | 'gray_r';

const COLORMAPS: readonly ColormapName[] = ['gray', 'gray_r'];

/** Checks a colour-map name and says which ones exist when it is unknown. */
export function checkColormap(name: string): ColormapName {
  if (!(COLORMAPS as readonly string[]).includes(name)) {
    throw new ValueError(`unknown cmap '${name}': expected one of ${COLORMAPS.map((c) => `'${c}'`).join(', ')}`);
  }
  return name as ColormapName;
}

/** Maps a value to a gray level 0–255 after clipping to [vmin, vmax] (matplotlib's Normalize + cmap). */
export function grayLevel(value: number, vmin: number, vmax: number, cmap: ColormapName): number {
  const span = vmax - vmin;
  let t = span > 0 ? (value - vmin) / span : 0;
  if (!(t > 0)) t = 0;
  if (t > 1) t = 1;
  const level = Math.round(t * 255);
  return cmap === 'gray_r' ? 255 - level : level;
}
