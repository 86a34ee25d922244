/** The report builder's slice of the store (its state and actions); combined into Store in types.ts. */
import type { ErrorInfo } from '../../shared/errors';
import type { ReportCsvTable, ReportEntitySelection, ReportFormatWire, ReportJobState, ReportOptionsInfo, ReportPreviewWire } from '../../shared/report-contract';

/** What the examiner chose in the Report view. */
export interface ReportForm {
  format: ReportFormatWire;
  timeline: boolean;
  graph: boolean;
  maxEvents: number;
  entities: ReportEntitySelection;
  includeAudit: boolean;
  verifySources: boolean;
  csvTable: ReportCsvTable;
  /** Take the Timeline view's current filter for the excerpt (else every dated event). */
  useTimelineFilter: boolean;
  /** Wall-clock reading in the display zone (`YYYY-MM-DDTHH:mm`), or '' for the date of the case state. */
  reportDate: string;
  /** Browser mode: the file name in the reports folder (the extension is added when missing). */
  fileName: string;
}

export interface ReportSlice {
  reportInfo: ReportOptionsInfo | null;
  /** The case the options, preview and job belong to (a different case starts the builder afresh). */
  reportCaseId: string | null;
  reportForm: ReportForm;
  reportPreview: ReportPreviewWire | null;
  previewing: boolean;
  reportError: ErrorInfo | null;
  reportJob: ReportJobState | null;
  loadReportOptions(): Promise<void>;
  setReportForm(patch: Partial<ReportForm>): void;
  previewReport(): Promise<void>;
  exportReport(): Promise<void>;
  cancelReport(): Promise<void>;
  dismissReportJob(): void;
}
