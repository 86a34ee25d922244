/**
 * Reports' public surface: build the model of a case, render it as PDF, HTML, XLSX or CSV (a pure function of
 * case state and options), and export it (write, hash, audit, manifest).
 */
export { buildReportModel } from './model';
export { renderReport, renderModel, type RenderedReport } from './render';
export { exportReport, type ExportRequest, type ExportResult } from './export';
export { formatFromPath, isCsvTable, isReportFormat, resolveOptions } from './options';
export { CSV_NEUTRALISED_DESCRIPTION, neutraliseCsvCell } from './csv-safety';
export { visibleText, visibleParts } from './visible-text';
export { CSV_TABLES, REPORT_FORMATS, type CsvTable, type EntitySelection, type ReportFormat, type ReportModel, type ReportOptions, type ReportProgress } from './types';
