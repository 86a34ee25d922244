/**
 * Named selectors: every component reads the store through these, so what a view depends on is greppable and a
 * component re-renders only when its own piece changes.
 */
import type { JobState, TimelineEvent } from '../../shared/model';
import { indexOfKey } from '../lib/event-window';
import type { Store } from './types';

export const selectInfo = (s: Store) => s.info;
export const selectView = (s: Store) => s.view;
export const selectDisplayTz = (s: Store) => s.displayTz;
export const selectNotice = (s: Store) => s.notice;

export const selectSummary = (s: Store) => s.summary;
export const selectCaseOpen = (s: Store) => s.summary !== null;
export const selectCases = (s: Store) => s.cases;
export const selectCasesFolder = (s: Store) => s.casesFolder;
export const selectCaseBusy = (s: Store) => s.caseBusy;
export const selectCaseError = (s: Store) => s.caseError;
export const selectAudit = (s: Store) => s.audit;

export const selectSources = (s: Store) => s.sources;
export const selectChosen = (s: Store) => s.chosen;
export const selectSelected = (s: Store) => s.selected;
export const selectDrafts = (s: Store) => s.drafts;
export const selectSettings = (s: Store) => s.settings;
export const selectJobs = (s: Store) => s.jobs;
export const selectItems = (s: Store) => s.items;
export const selectSkipped = (s: Store) => s.skipped;
export const selectUploading = (s: Store) => s.uploading;
const isActive = (j: JobState) => j.state === 'queued' || j.state === 'running';
/** Imports queued or running (numbers, so the selector's result compares equal between renders). */
export const selectActiveImports = (s: Store): number => s.jobs.filter(isActive).length;
export const selectJobCount = (s: Store): number => s.jobs.length;

export const selectFilter = (s: Store) => s.filter;
export const selectWindow = (s: Store) => s.win;
export const selectTimelineLoading = (s: Store) => s.loading;
export const selectTimelineError = (s: Store) => s.timelineError;
export const selectTimelineNotes = (s: Store) => s.timelineNotes;
export const selectPlan = (s: Store) => s.plan;
export const selectSelectedKey = (s: Store) => s.selectedKey;
export const selectRevealKey = (s: Store) => s.revealKey;
export const selectSelectedEvent = (s: Store): TimelineEvent | null => s.win.events[indexOfKey(s.win, s.selectedKey)] ?? null;
export const selectHistogram = (s: Store) => s.histogram;
export const selectHistogramLoading = (s: Store) => s.histogramLoading;
export const selectZoom = (s: Store) => s.zoom;
export const selectThread = (s: Store) => s.thread;
export const selectThreadLoading = (s: Store) => s.threadLoading;
export const selectThreadError = (s: Store) => s.threadError;
export const selectEntities = (s: Store) => s.entities;

export const selectSearch = (s: Store) => s.search;
export const selectSearchResult = (s: Store) => s.result;
export const selectExtraHits = (s: Store) => s.extraHits;
export const selectSearching = (s: Store) => s.searching;
export const selectSearchError = (s: Store) => s.searchError;
