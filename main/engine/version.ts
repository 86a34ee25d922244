/** The tool's name, version and build, recorded in every audit entry and report. */
import pkg from '../../package.json';

declare const __THREADLINE_BUILD__: string | undefined;

export const TOOL_NAME = 'Threadline';
export const TOOL_VERSION: string = pkg.version;
export const TOOL_BUILD: string = typeof __THREADLINE_BUILD__ === 'string' ? __THREADLINE_BUILD__ : 'dev';
/** What goes in the audit log's tool_version column. */
export const TOOL_ID = `threadline ${TOOL_VERSION}+${TOOL_BUILD}`;
