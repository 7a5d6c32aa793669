export { renderFormSlipJob } from './form-slip.js';
export type { FormSlip } from './form-slip.js';
export { renderReadinessReportJob } from './readiness-report.js';
export type { ReadinessReport, SyncBacklog } from './readiness-report.js';
export {
  code128Dots,
  fittingWidth,
  labelValueLines,
  printable,
  printLogo,
  printQr,
  wrappedLines,
} from './common.js';
export type { LayoutOptions, QrRendering } from './common.js';
