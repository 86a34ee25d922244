// Types for demo-manifest.mjs (the MANIFEST → `threadline` arguments mapping shared by scripts, e2e and reliability).

/** The import settings a manifest entry declares (each becomes one CLI flag when set). */
export interface DemoImportSettings {
  format?: string;
  tz?: string;
  dateOrder?: string | null;
  region?: string;
  owner?: string;
  preset?: string;
  encoding?: string;
  mapping?: Record<string, string>;
}

export interface DemoManifestFile {
  path: string;
  import?: DemoImportSettings;
}

export interface DemoManifestCase {
  caseNumber: string;
  title: string;
  tz: string;
  region: string;
}

export interface DemoManifest {
  case: DemoManifestCase;
  files: DemoManifestFile[];
}

export declare const DEMO_DIR: string;
export declare function readDemoManifest(): DemoManifest;
export declare function newCaseArgs(caseFile: string, manifest: { case: DemoManifestCase }, examiner: string): string[];
export declare function importArgs(caseFile: string, dir: string, file: DemoManifestFile): string[];
