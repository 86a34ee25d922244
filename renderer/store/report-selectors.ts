/** Named selectors for the report builder (see selectors.ts for why components read the store through these). */
import type { Store } from './types';

export const selectReportInfo = (s: Store) => s.reportInfo;
export const selectReportForm = (s: Store) => s.reportForm;
export const selectReportPreview = (s: Store) => s.reportPreview;
export const selectPreviewing = (s: Store) => s.previewing;
export const selectReportError = (s: Store) => s.reportError;
export const selectReportJob = (s: Store) => s.reportJob;
