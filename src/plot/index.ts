// Public exports of nabla's plotting (nb.plot): line charts of History, image grids, SVG/PNG files.
export { history, type HistoryLike, type HistoryPlotOptions } from './history-plot.ts';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.ts';
export {
  imageGrid,
  imageGridPng,
  savePng,
  type ImageGridOptions,
  type ImageGridPngOptions,
  type ImageGridSvgOptions,
  type ImagesInput,
} from './image-grid.ts';
export type { ColormapName } from './colormap.ts';
export { pngDataUri } from './png.ts';
export { writeFile, writeFileAtomic } from './write-file.ts';
