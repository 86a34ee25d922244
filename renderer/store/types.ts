/** The shape of the one zustand store: a slice per area, combined in store/index.ts. */
import type { ErrorInfo } from '../../shared/errors';
import type {
  AppInfo,
  AuditEntry,
  CaseRef,
  CaseSummary,
  DateOrder,
  EvidenceItem,
  HistogramWire,
  ImportOptionsWire,
  Inspection,
  JobState,
  SearchHitWire,
  SearchResultWire,
  SkippedUnit,
  SourceEntry,
  SourceListing,
  ThreadWire,
  TimelineEvent,
} from '../../shared/model';
import type { EventWindow } from '../lib/event-window';
import type { IdentitySlice } from './identity-types';
import type { GraphSlice } from './graph-types';
import type { ReportSlice } from './report-types';
import type { AnnotationSlice } from './annotation-types';
import type { FilterForm } from '../lib/filter';
import type { Range } from '../lib/histogram-scale';

/** An entity as the filter names it. */
export interface EntityOption {
  id: number;
  name: string;
}

export type View = 'case' | 'evidence' | 'timeline' | 'search' | 'entities' | 'graph' | 'bookmarks' | 'report';

export interface AppSlice {
  info: AppInfo | null;
  view: View;
  /** Every time on screen is shown in this zone (and labelled with it). */
  displayTz: string;
  notice: ErrorInfo | null;
  loadInfo(): Promise<void>;
  setView(v: View): void;
  setDisplayTz(tz: string): void;
  showError(e: ErrorInfo): void;
  clearNotice(): void;
}

export interface NewCaseForm {
  caseNumber: string;
  examiner: string;
  title: string;
  agency: string;
  tz: string;
  region: string;
  fileName: string;
}

export interface CaseSlice {
  summary: CaseSummary | null;
  cases: CaseRef[];
  casesFolder: string | null;
  caseBusy: boolean;
  caseError: ErrorInfo | null;
  audit: AuditEntry[];
  /** Start every view fresh on this case (opened here, or already open when the window loaded). */
  adoptCase(summary: CaseSummary): void;
  refreshCases(): Promise<void>;
  createCase(f: NewCaseForm): Promise<void>;
  openCase(id: string, examiner?: string): Promise<void>;
  browseCase(): Promise<void>;
  closeCase(): Promise<void>;
  refreshSummary(): Promise<void>;
  loadAudit(): Promise<void>;
}

/** Per-file import settings and what a dry run found. */
export interface Draft {
  options: ImportOptionsWire;
  inspection: Inspection | null;
  inspecting: boolean;
  error: ErrorInfo | null;
}

export interface SettingsForm {
  format: string;
  tz: string;
  dateOrder: DateOrder | '';
  region: string;
  owner: string;
}

export interface EvidenceSlice {
  sources: SourceListing | null;
  chosen: SourceEntry[];
  selected: string[];
  drafts: Record<string, Draft>;
  settings: SettingsForm;
  jobs: JobState[];
  items: EvidenceItem[];
  skipped: Record<number, SkippedUnit[]>;
  uploading: number;
  loadSources(): Promise<void>;
  browseEvidence(): Promise<void>;
  uploadFiles(files: File[]): Promise<void>;
  setSelected(ids: string[], on: boolean): void;
  setSettings(patch: Partial<SettingsForm>): void;
  applySettings(): void;
  setMapping(sourceId: string, key: string, role: string | null): void;
  inspect(ids: string[]): Promise<void>;
  importSelected(): Promise<void>;
  retryJob(jobId: string, patch: Partial<ImportOptionsWire>): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  dismissJob(jobId: string): void;
  pollJobs(): Promise<void>;
  loadItems(): Promise<void>;
  loadSkipped(evidenceId: number): Promise<void>;
}

export interface TimelineSlice {
  filter: FilterForm;
  win: EventWindow;
  /** Bumped on every reload so late pages of an earlier filter are ignored. */
  generation: number;
  loading: 'none' | 'reload' | 'before' | 'after';
  timelineError: ErrorInfo | null;
  timelineNotes: string[];
  plan: string | null;
  selectedKey: string | null;
  /** Row to bring to the top after a reload (jump targets). */
  revealKey: string | null;
  histogram: HistogramWire | null;
  zoom: Range | null;
  histogramLoading: boolean;
  thread: ThreadWire | null;
  threadLoading: boolean;
  threadError: ErrorInfo | null;
  /** Entities offered by the timeline's entity filter (most active first, plus those searched for or chosen). */
  entities: EntityOption[];
  setFilter(patch: Partial<FilterForm>): void;
  clearFilter(): void;
  reloadTimeline(position?: { type: 'start' } | { type: 'instant'; at: string } | { type: 'from-key'; key: string }): Promise<void>;
  loadMore(dir: 'before' | 'after'): Promise<void>;
  select(key: string | null): void;
  moveSelection(delta: number): void;
  openSelected(): void;
  openThread(e: TimelineEvent): Promise<void>;
  closeThread(): void;
  jumpToWall(wall: string): Promise<void>;
  jumpToKey(key: string): Promise<void>;
  loadHistogram(): Promise<void>;
  setZoom(r: Range | null): void;
  /** Load the most active entities, or those matching `query`, into the filter's options (merged, never the whole case). */
  loadEntities(query?: string): Promise<void>;
}

export interface SearchForm {
  query: string;
  mode: 'all' | 'text' | 'identifier' | 'name';
  order: 'newest' | 'oldest' | 'rank';
}

export interface SearchSlice {
  search: SearchForm;
  result: SearchResultWire | null;
  extraHits: SearchHitWire[];
  searching: boolean;
  searchError: ErrorInfo | null;
  setSearch(patch: Partial<SearchForm>): void;
  runSearch(): Promise<void>;
  moreResults(): Promise<void>;
  openHit(hit: SearchHitWire): Promise<void>;
  showEntityInTimeline(entity: number): Promise<void>;
}

export type Store = AppSlice & CaseSlice & EvidenceSlice & TimelineSlice & SearchSlice & IdentitySlice & GraphSlice & ReportSlice & AnnotationSlice;
