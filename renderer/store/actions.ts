/** Store actions for event handlers: actions never change, so components call them without subscribing. */
import { useStore } from './index';
import type { Store } from './types';

export function actions(): Store {
  return useStore.getState();
}
