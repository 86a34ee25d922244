/** The one store, built from slices (zustand's slices pattern); components read it through named selectors. */
import { create } from 'zustand';
import { createAnnotationSlice } from './annotation-slice';
import { createAppSlice } from './app-slice';
import { createCaseSlice } from './case-slice';
import { createEvidenceSlice } from './evidence-slice';
import { createGraphSlice } from './graph-slice';
import { createIdentitySlice } from './identity-slice';
import { createReportSlice } from './report-slice';
import { createSearchSlice } from './search-slice';
import { createTimelineSlice } from './timeline-slice';
import type { Store } from './types';

export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createCaseSlice(...a),
  ...createEvidenceSlice(...a),
  ...createTimelineSlice(...a),
  ...createSearchSlice(...a),
  ...createGraphSlice(...a),
  ...createIdentitySlice(...a),
  ...createReportSlice(...a),
  ...createAnnotationSlice(...a),
}));
