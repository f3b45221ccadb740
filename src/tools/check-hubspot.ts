/**
 * Offline HubSpot project checks (`npm run check:hubspot`).
 *
 * 1. Parses the project the way `hs project upload` does, with @hubspot/project-parsing-lib
 *    (translate, skipValidation), and adds offline checks for what the library only validates
 *    against the schemas it downloads from a HubSpot account: misplaced or skipped *-hsmeta.json
 *    files, wrong component folders, singular components (one app), uids, entrypoints, and the
 *    documented fields of the component types this project uses.
 * 2. Builds every card the way HubSpot's remote build does (`remoteBuild` from
 *    @hubspot/ui-extensions-dev-server, the code behind `uie build`) from a temporary copy of the
 *    files `hs project upload` would send (.hsignore applied), with only the packages that the
 *    card folder's package.json declares, and prints each bundle's size.
 *
 * Nothing is written under the project: every build output goes to a temporary directory.
 * Exit code 0 when everything passed, 1 otherwise.
 *
 * Usage: npx tsx src/tools/check-hubspot.ts [--project <dir>] [--parse-only] [--keep-temp]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { ALLOWED_TOP_LEVEL_FIELDS, Components, METAFILE_EXTENSION, PLATFORM_VERSIONS } from '@hubspot/project-parsing-lib/constants';
import { isKnownPlatformVersion, isLegacyProject, meetsMinimumPlatformVersion, parseProjectConfig } from '@hubspot/project-parsing-lib/projects';
import { translate } from '@hubspot/project-parsing-lib/translate';
import { validateUid } from '@hubspot/project-parsing-lib/uid';

// ---------------------------------------------------------------------------------------------
// Types

export interface ComponentInfo {
  /** Path of the *-hsmeta.json file relative to srcDir, posix separators. */
  file: string;
  uid: string;
  type: string;
  config: Record<string, unknown>;
  /** Absolute path of the entrypoint, when the component has one. */
  entrypoint?: string;
}

export interface ProjectReport {
  projectDir: string;
  srcDir: string;
  platformVersion: string;
  components: ComponentInfo[];
  errors: string[];
  warnings: string[];
}

export interface StructureCheckOptions {
  /**
   * Directories added to NODE_PATH when loading function entrypoints to check that they export
   * `main` (HubSpot installs app/functions/package.json's dependencies; offline we borrow them).
   * Defaults to <projectDir>/node_modules.
   */
  functionModulePaths?: string[];
  /** Load each function entrypoint in a child Node process to check it exports main. Default true. */
  loadFunctions?: boolean;
  /**
   * Decides whether a path (absolute) is left out of the upload. Skipped *-hsmeta.json files
   * that are not uploaded are reported as warnings instead of errors. Default: nothing ignored.
   */
  isIgnoredByUpload?: (absolutePath: string) => boolean;
}

export interface CardBuildResult {
  uid: string;
  entry: string;
  bundle: string;
  rawBytes: number;
  gzipBytes: number;
}

// ---------------------------------------------------------------------------------------------
// Facts verified for platform 2026.03 (HubSpot developer docs, hubspot-project-components 2026.03)

/** card config.location values documented in the app cards reference. */
const CARD_LOCATIONS = ['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar'];
const CARD_ENTRY_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx']; // ui-extensions-dev-server build.js
const FUNCTION_ENTRY_EXTENSIONS = ['.js', '.cjs'];
/** Files the CLI warns about and ignores on platform versions >= 2025.2 (hubspot-cli constants). */
const LEGACY_CONFIG_FILES = ['serverless.json', 'app.json', 'public-app.json'];
/**
 * Components allowed only for some distributions / auth types on 2026.03
 * (hubspot-project-components 2026.03/config.json, supportedDistributions / supportedAuthTypes).
 */
const COMPONENT_APP_REQUIREMENTS: Record<string, { distributions: string[]; authTypes: string[] }> = {
  'app-function': { distributions: ['private'], authTypes: ['static'] },
  scim: { distributions: ['private'], authTypes: ['static'] },
  'app-object': { distributions: ['marketplace'], authTypes: ['oauth'] },
  'app-event': { distributions: ['marketplace'], authTypes: ['oauth'] },
  'app-object-association': { distributions: ['marketplace'], authTypes: ['oauth'] },
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const toPosix = (p: string): string => p.split(path.sep).join('/');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Every file under dir, skipping any path containing node_modules (as the parsing lib does) and symlinks. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    if (d.includes('node_modules')) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) out.push(full);
    }
  };
  visit(dir);
  return out;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

/** Resolves a component entrypoint ("/app/cards/X.tsx", relative to srcDir) to an absolute path. */
function resolveEntrypoint(srcDir: string, entrypoint: string): string {
  return path.join(srcDir, entrypoint.replace(/^[/\\]+/, ''));
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isHttpsUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The user-facing type a component type maps to in the parsing lib ('pages' is an alias of 'page'). */
const canonicalType = (type: string): string => (type === 'pages' ? 'page' : type);

// ---------------------------------------------------------------------------------------------
// 1. Project structure

export async function checkProjectStructure(projectDir: string, options: StructureCheckOptions = {}): Promise<ProjectReport> {
  const report: ProjectReport = {
    projectDir: path.resolve(projectDir),
    srcDir: '',
    platformVersion: '',
    components: [],
    errors: [],
    warnings: [],
  };
  const err = (m: string): void => void report.errors.push(m);
  const warn = (m: string): void => void report.warnings.push(m);

  // hsproject.json
  let srcDir: string;
  try {
    const config = parseProjectConfig(report.projectDir);
    srcDir = path.resolve(report.projectDir, config.srcDir);
    report.srcDir = srcDir;
    report.platformVersion = config.platformVersion;
  } catch (e) {
    err(`hsproject.json: ${(e as Error).message}`);
    return report;
  }
  if (!isKnownPlatformVersion(report.platformVersion)) {
    err(`hsproject.json: platformVersion '${report.platformVersion}' is not known to @hubspot/project-parsing-lib`);
    return report;
  }
  if (isLegacyProject(report.platformVersion)) {
    err(`hsproject.json: platformVersion ${report.platformVersion} is a legacy version; *-hsmeta.json components need 2025.2 or later`);
    return report;
  }

  // What the parsing library itself makes of the project (the same call the CLI makes before
  // upload, minus the account-only schema validation).
  let skipped: string[] = [];
  try {
    const result = await translate({ projectSourceDir: srcDir, platformVersion: report.platformVersion }, { skipValidation: true });
    skipped = result.skippedHsMetaFiles.map(toPosix);
  } catch (e) {
    err(`@hubspot/project-parsing-lib translate: ${(e as Error).message}`);
  }

  const isIgnored = options.isIgnoredByUpload ?? (() => false);
  for (const file of skipped) {
    const message =
      `${file}: skipped by HubSpot's parser. Component files must sit directly in app/ (the app) ` +
      `or in one of its feature folders (app/cards, app/functions, app/pages, app/webhooks, ...), ` +
      `never in a nested folder or elsewhere.`;
    if (isIgnored(path.join(srcDir, file))) warn(`${message} (Not uploaded: excluded by .hsignore or the CLI's built-in rules.)`);
    else err(message);
  }

  // Every *-hsmeta.json the parser accepts (same walk and same folder rule as the library).
  const located = listFiles(srcDir)
    .filter((f) => f.endsWith(METAFILE_EXTENSION))
    .map((f) => toPosix(path.relative(srcDir, f)))
    .filter((f) => !skipped.includes(f))
    .sort();

  const uids = new Map<string, string>();
  for (const file of located) {
    const abs = path.join(srcDir, file);
    if (isIgnored(abs)) {
      err(`${file}: component file is excluded from the upload by .hsignore`);
    }
    let content: unknown;
    try {
      content = readJson(abs);
    } catch (e) {
      err(`${file}: invalid JSON (${(e as Error).message})`);
      continue;
    }
    if (!isRecord(content)) {
      err(`${file}: must contain a JSON object with uid, type and config`);
      continue;
    }
    const unexpected = Object.keys(content).filter((k) => !(ALLOWED_TOP_LEVEL_FIELDS as Set<string>).has(k));
    if (unexpected.length > 0) err(`${file}: unexpected top-level field(s): ${unexpected.join(', ')} (allowed: uid, type, config, dependencies, permissions)`);
    if ('permissions' in content && !meetsMinimumPlatformVersion(report.platformVersion, PLATFORM_VERSIONS.v2026_09_BETA)) {
      err(`${file}: 'permissions' is not supported on platform ${report.platformVersion}`);
    }

    const uid = content.uid;
    const uidProblem = validateUid(typeof uid === 'string' ? uid : '');
    if (uidProblem) err(`${file}: uid: ${uidProblem}`);
    else if (typeof uid === 'string') {
      const other = uids.get(uid);
      if (other) err(`${file}: duplicate uid '${uid}' (also in ${other})`);
      else uids.set(uid, file);
    }

    const type = content.type;
    if (!isNonEmptyString(type)) {
      err(`${file}: missing 'type'`);
      continue;
    }
    const meta = Components[type];
    if (!meta) {
      err(`${file}: unsupported component type '${type}'`);
      continue;
    }
    const parentDir = meta.parentComponent ? (Components[meta.parentComponent]?.dir ?? '') : '';
    const expectedDir = toPosix(path.join(parentDir, meta.dir));
    const actualDir = path.posix.dirname(file);
    if (actualDir !== expectedDir) {
      err(`${file}: a '${type}' component must be in ${expectedDir}/, not ${actualDir}/`);
    }
    if (!isRecord(content.config)) {
      err(`${file}: missing 'config' object`);
      continue;
    }
    report.components.push({ file, uid: typeof uid === 'string' ? uid : '', type, config: content.config });
  }

  // One app; one of each singular feature.
  const byType = new Map<string, ComponentInfo[]>();
  for (const c of report.components) {
    const t = canonicalType(c.type);
    byType.set(t, [...(byType.get(t) ?? []), c]);
  }
  for (const [type, list] of byType) {
    if (Components[type]?.singularComponent && list.length > 1) {
      err(`only one '${type}' component is allowed, found ${list.length}: ${list.map((c) => c.file).join(', ')}`);
    }
  }
  const apps = byType.get('app') ?? [];
  if (apps.length === 0) err(`no app component: app/app-hsmeta.json (type "app") is missing or invalid`);
  const app = apps.length === 1 ? apps[0] : undefined;

  // Per-type checks of the documented fields.
  for (const c of report.components) {
    checkComponentConfig(c, app, srcDir, report, options);
  }

  checkBackendUrl(srcDir, report);

  // Legacy (2025.1) config files are ignored on 2026.03; flag them.
  for (const f of listFiles(srcDir)) {
    if (LEGACY_CONFIG_FILES.includes(path.basename(f)) && !isIgnored(f)) {
      warn(`${toPosix(path.relative(srcDir, f))}: legacy config file name, ignored by HubSpot on ${report.platformVersion}`);
    }
  }
  return report;
}

/**
 * The app backend's URL lives in three places HubSpot reads separately: the cards' constant, the
 * app's permitted fetch URLs and the webhook target. A mismatch only shows in a real portal, so
 * it is checked here.
 */
function checkBackendUrl(srcDir: string, report: ProjectReport): void {
  const constantFile = path.join(srcDir, 'app/cards/backendUrl.ts');
  if (!fs.existsSync(constantFile)) return;
  const match = /BACKEND_BASE_URL\s*=\s*'([^']+)'/.exec(fs.readFileSync(constantFile, 'utf8'));
  if (!match) {
    report.errors.push('app/cards/backendUrl.ts: BACKEND_BASE_URL must be a string literal');
    return;
  }
  const backendUrl = match[1]!;
  if (!isHttpsUrl(backendUrl)) report.errors.push(`app/cards/backendUrl.ts: BACKEND_BASE_URL ${backendUrl} must be an https URL`);
  const app = readJson(path.join(srcDir, 'app/app-hsmeta.json')) as { config?: { permittedUrls?: { fetch?: string[] } } };
  const permitted = app.config?.permittedUrls?.fetch ?? [];
  if (!permitted.some((url) => backendUrl === url || backendUrl.startsWith(`${url.replace(/\/$/, '')}/`))) {
    report.errors.push(`app/app-hsmeta.json: permittedUrls.fetch must include the backend URL ${backendUrl} (app/cards/backendUrl.ts)`);
  }
  const webhooksFile = path.join(srcDir, 'app/webhooks/webhooks-hsmeta.json');
  if (fs.existsSync(webhooksFile)) {
    const webhooks = readJson(webhooksFile) as { config?: { settings?: { targetUrl?: string } } };
    const target = webhooks.config?.settings?.targetUrl ?? '';
    if (target !== `${backendUrl.replace(/\/$/, '')}/webhooks`) {
      report.errors.push(
        `app/webhooks/webhooks-hsmeta.json: targetUrl ${target} must be ${backendUrl.replace(/\/$/, '')}/webhooks (the backend in app/cards/backendUrl.ts)`,
      );
    }
  }
}

function checkComponentConfig(c: ComponentInfo, app: ComponentInfo | undefined, srcDir: string, report: ProjectReport, options: StructureCheckOptions): void {
  const err = (m: string): void => void report.errors.push(`${c.file}: ${m}`);
  const warn = (m: string): void => void report.warnings.push(`${c.file}: ${m}`);
  const cfg = c.config;

  const requirement = COMPONENT_APP_REQUIREMENTS[c.type];
  if (requirement && app) {
    const auth = isRecord(app.config.auth) ? app.config.auth : {};
    if (!requirement.distributions.includes(String(app.config.distribution)) || !requirement.authTypes.includes(String(auth.type))) {
      err(`'${c.type}' needs an app with distribution ${requirement.distributions.join('|')} and auth.type ${requirement.authTypes.join('|')}`);
    }
  }

  const entry = (allowed: string[]): string | undefined => {
    if (!isNonEmptyString(cfg.entrypoint)) {
      err(`config.entrypoint is required`);
      return undefined;
    }
    if (!cfg.entrypoint.startsWith('/')) warn(`config.entrypoint should be written from srcDir with a leading slash, e.g. "/app/cards/Card.tsx"`);
    const abs = resolveEntrypoint(srcDir, cfg.entrypoint);
    if (!allowed.includes(path.extname(abs))) err(`config.entrypoint ${cfg.entrypoint}: extension must be one of ${allowed.join(', ')}`);
    if (!fs.existsSync(abs)) {
      err(`config.entrypoint ${cfg.entrypoint} does not exist (${path.relative(report.projectDir, abs)})`);
      return undefined;
    }
    if (options.isIgnoredByUpload?.(abs)) err(`config.entrypoint ${cfg.entrypoint} is excluded from the upload by .hsignore`);
    c.entrypoint = abs;
    return abs;
  };

  switch (canonicalType(c.type)) {
    case 'app': {
      if (!isNonEmptyString(cfg.name) || cfg.name.length > 200 || cfg.name !== cfg.name.trim())
        err(`config.name: required, at most 200 characters, no leading/trailing whitespace`);
      if (!isNonEmptyString(cfg.description) || cfg.description.length > 8192) err(`config.description: required, at most 8192 characters`);
      if (!['private', 'marketplace'].includes(String(cfg.distribution))) err(`config.distribution must be "private" or "marketplace"`);
      const auth = cfg.auth;
      if (!isRecord(auth)) {
        err(`config.auth is required`);
        break;
      }
      if (!['static', 'oauth'].includes(String(auth.type))) err(`config.auth.type must be "static" or "oauth"`);
      if (!isStringArray(auth.requiredScopes) || auth.requiredScopes.length === 0) err(`config.auth.requiredScopes must be a non-empty array of scope names`);
      for (const key of ['requiredScopes', 'optionalScopes', 'conditionallyRequiredScopes']) {
        const v = auth[key];
        if (v === undefined) continue;
        if (!isStringArray(v)) {
          err(`config.auth.${key} must be an array of strings`);
          continue;
        }
        const bad = v.filter((s) => !/^[a-z][a-z0-9_.-]*$/.test(s));
        if (bad.length) err(`config.auth.${key}: malformed scope name(s): ${bad.join(', ')}`);
        const dups = v.filter((s, i) => v.indexOf(s) !== i);
        if (dups.length) err(`config.auth.${key}: duplicate scope(s): ${dups.join(', ')}`);
      }
      // The 2026.03 templates carry a support block (email, documentation, support URL, phone).
      if (!isRecord(cfg.support)) warn(`config.support is missing: the 2026.03 templates list supportEmail, documentationUrl, supportUrl and supportPhone`);
      else {
        if (
          cfg.support.supportEmail !== undefined &&
          !(typeof cfg.support.supportEmail === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(cfg.support.supportEmail))
        )
          err(`config.support.supportEmail must be an email address`);
        for (const key of ['documentationUrl', 'supportUrl']) {
          if (cfg.support[key] !== undefined && !isHttpsUrl(cfg.support[key])) err(`config.support.${key} must be an https URL`);
        }
      }
      if (cfg.permittedUrls !== undefined) {
        if (!isRecord(cfg.permittedUrls)) err(`config.permittedUrls must be an object with fetch, iframe and img arrays`);
        else
          for (const [k, v] of Object.entries(cfg.permittedUrls)) {
            if (!['fetch', 'iframe', 'img'].includes(k)) err(`config.permittedUrls.${k}: unknown key (fetch, iframe, img)`);
            if (!isStringArray(v) || !v.every(isHttpsUrl)) err(`config.permittedUrls.${k} must be an array of https URLs`);
          }
      }
      break;
    }
    case 'card': {
      if (!isNonEmptyString(cfg.name)) err(`config.name (the card title) is required`);
      if (!CARD_LOCATIONS.includes(String(cfg.location))) err(`config.location must be one of ${CARD_LOCATIONS.join(', ')}`);
      if (!isStringArray(cfg.objectTypes) || cfg.objectTypes.length === 0) err(`config.objectTypes must be a non-empty array`);
      const abs = entry(CARD_ENTRY_EXTENSIONS);
      if (abs) {
        // HubSpot builds the card with the entrypoint's folder as root, after `npm ci` there.
        const pkgFile = path.join(path.dirname(abs), 'package.json');
        if (!fs.existsSync(pkgFile))
          err(`no package.json next to the entrypoint (${path.relative(report.projectDir, pkgFile)}): HubSpot runs npm ci in the entrypoint's folder`);
        else {
          const pkg = readJson(pkgFile);
          const deps = isRecord(pkg) && isRecord(pkg.dependencies) ? pkg.dependencies : {};
          for (const needed of ['@hubspot/ui-extensions', 'react']) {
            if (!(needed in deps)) err(`${path.relative(report.projectDir, pkgFile)} must declare "${needed}" in dependencies`);
          }
        }
        if (toPosix(path.relative(srcDir, path.dirname(abs))) !== 'app/cards')
          warn(`entrypoint is not directly in app/cards; its folder becomes the build root`);
      }
      break;
    }
    case 'app-function': {
      if (cfg.secretKeys !== undefined && !isStringArray(cfg.secretKeys)) err(`config.secretKeys must be an array of secret names`);
      if (cfg.endpoint !== undefined) warn(`config.endpoint makes this a public endpoint function (needs Content Hub Enterprise)`);
      const abs = entry(FUNCTION_ENTRY_EXTENSIONS);
      if (abs) checkFunctionEntrypoint(c, abs, srcDir, report, options);
      break;
    }
    case 'page':
    case 'settings': {
      entry(CARD_ENTRY_EXTENSIONS);
      break;
    }
    case 'webhooks': {
      const settings = cfg.settings;
      if (!isRecord(settings) || !isHttpsUrl(settings.targetUrl)) err(`config.settings.targetUrl must be an https URL`);
      if (!isRecord(cfg.subscriptions)) err(`config.subscriptions is required`);
      break;
    }
    default:
      warn(`no offline check of the config of a '${c.type}' component`);
  }
}

function checkFunctionEntrypoint(c: ComponentInfo, abs: string, srcDir: string, report: ProjectReport, options: StructureCheckOptions): void {
  const err = (m: string): void => void report.errors.push(`${c.file}: ${m}`);
  const functionsDir = path.dirname(abs);
  const pkgFile = path.join(functionsDir, 'package.json');
  let deps: Record<string, unknown> = {};
  if (!fs.existsSync(pkgFile)) {
    err(`${toPosix(path.relative(srcDir, pkgFile))} is missing (all app functions share it)`);
  } else {
    const pkg = readJson(pkgFile);
    if (isRecord(pkg)) {
      deps = isRecord(pkg.dependencies) ? pkg.dependencies : {};
      if (pkg.type === 'module' && path.extname(abs) === '.js') {
        err(`${toPosix(path.relative(srcDir, pkgFile))} has "type": "module", so ${path.basename(abs)} would load as ESM and exports.main would not exist`);
      }
    }
  }

  // Bare requires in the (bundled) entrypoint must be Node built-ins or declared dependencies:
  // HubSpot installs only what app/functions/package.json declares.
  const code = fs.readFileSync(abs, 'utf8');
  const builtins = new Set(builtinModules);
  const required = new Set<string>();
  for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = m[1] ?? '';
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
    const name = packageNameOf(spec);
    if (!builtins.has(name)) required.add(name);
  }
  for (const m of code.matchAll(/^\s*import\s[^;]*?from\s*["']([^"']+)["']/gm)) {
    err(`entrypoint uses ESM import ('${m[1] ?? ''}'); HubSpot loads functions as CommonJS (exports.main)`);
  }
  for (const name of required) {
    if (!(name in deps)) err(`entrypoint requires '${name}', which app/functions/package.json does not declare`);
  }
  const relativeRequires = [...code.matchAll(/\brequire\(\s*["'](\.[^"']+)["']\s*\)/g)].map((m) => m[1]);
  if (relativeRequires.length) err(`entrypoint requires relative files (${relativeRequires.join(', ')}); bundle each function into one file`);

  if (options.loadFunctions === false) return;
  const modulePaths = options.functionModulePaths ?? [path.join(report.projectDir, 'node_modules')];
  const probe = spawnSync(process.execPath, ['-e', `const m = require(${JSON.stringify(abs)}); process.stdout.write(typeof (m && m.main));`], {
    cwd: functionsDir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NODE_PATH: modulePaths.join(path.delimiter) },
  });
  if (probe.status !== 0) {
    err(`entrypoint failed to load with require(): ${(probe.stderr || probe.error?.message || '').trim().split('\n').slice(0, 6).join(' | ')}`);
  } else if (probe.stdout !== 'function') {
    err(`entrypoint does not export a main function (exports.main = async (context) => ...), got ${probe.stdout}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Upload filter (.hsignore), mirroring the CLI

/**
 * Returns the CLI's own ignore predicate (@hubspot/local-dev-lib ignoreRules.shouldIgnoreFile,
 * called by hubspot-cli lib/projects/upload.ts with isInProject=true). It finds .hsignore by
 * searching upwards from the current directory, once per process, hence the chdir.
 */
export async function loadUploadFilter(projectDir: string): Promise<(absolutePath: string) => boolean> {
  process.chdir(projectDir);
  const { shouldIgnoreFile } = await import('@hubspot/local-dev-lib/ignoreRules');
  return (absolutePath: string) => shouldIgnoreFile(absolutePath, true);
}

/** Copies the files `hs project upload` would upload (srcDir minus ignored files) into dest. */
export function copyUploadedFiles(srcDir: string, dest: string, isIgnored: (absolutePath: string) => boolean): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const file of listFiles(srcDir)) {
    if (isIgnored(file)) continue;
    const target = path.join(dest, path.relative(srcDir, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
    files += 1;
    bytes += fs.statSync(file).size;
  }
  return { files, bytes };
}

// ---------------------------------------------------------------------------------------------
// 2. Card builds

/**
 * Stands in for the `npm ci` HubSpot runs in the card folder: links each package the card
 * folder's package.json declares from the repository's node_modules, and nothing else, so a
 * card importing an undeclared package fails here as it would remotely.
 */
function linkDeclaredPackages(cardRoot: string, rel: string, repoNodeModules: string, report: ProjectReport): void {
  const pkg = readJson(path.join(cardRoot, 'package.json'));
  const declared: Record<string, unknown> = {
    ...(isRecord(pkg) && isRecord(pkg.devDependencies) ? pkg.devDependencies : {}),
    ...(isRecord(pkg) && isRecord(pkg.dependencies) ? pkg.dependencies : {}),
  };
  for (const [name, spec] of Object.entries(declared)) {
    const installed = path.join(repoNodeModules, name);
    const installedPkg = path.join(installed, 'package.json');
    if (!fs.existsSync(installedPkg)) {
      report.errors.push(`card folder ${rel}: '${name}' is declared but not installed in ${repoNodeModules}; cannot mirror HubSpot's npm ci offline`);
      continue;
    }
    const version = (readJson(installedPkg) as { version?: string }).version ?? '?';
    if (typeof spec === 'string' && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec)) {
      if (spec !== version)
        report.errors.push(
          `card folder ${rel}: package.json pins ${name}@${spec} but ${version} is installed locally; the local build would not match HubSpot's`,
        );
    } else {
      report.warnings.push(
        `card folder ${rel}: ${name}@${String(spec)} is not pinned; HubSpot's npm install may pick a different version than the local ${version}`,
      );
    }
    const link = path.join(cardRoot, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    if (!fs.existsSync(link)) fs.symlinkSync(installed, link, 'dir');
  }
}

/** Makes build messages name project files, not their temporary copies. */
function stripTempPaths(message: string, uploadCopy: string): string {
  return message.replaceAll(uploadCopy + path.sep, '').replace(new RegExp(`(\\.\\./)*${path.basename(path.dirname(uploadCopy))}/upload/`, 'g'), '');
}

export async function buildCards(report: ProjectReport, tempDir: string, isIgnored: (absolutePath: string) => boolean): Promise<CardBuildResult[]> {
  const results: CardBuildResult[] = [];
  // App pages are built by HubSpot like cards (Vite, rooted at the entrypoint's folder).
  const cards = report.components.filter((c) => (c.type === 'card' || canonicalType(c.type) === 'page' || c.type === 'settings') && c.entrypoint);
  if (cards.length === 0) return results;

  const uploadCopy = path.join(tempDir, 'upload');
  const { files, bytes } = copyUploadedFiles(report.srcDir, uploadCopy, isIgnored);
  console.log(`  upload copy: ${files} files, ${kb(bytes)} (what hs project upload would zip, before compression)`);

  const { remoteBuild } = await import('@hubspot/ui-extensions-dev-server/build');
  const repoNodeModules = path.join(report.projectDir, 'node_modules');
  const linkedRoots = new Set<string>();

  for (const card of cards) {
    const entryRel = path.relative(report.srcDir, card.entrypoint ?? '');
    const entry = path.join(uploadCopy, entryRel);
    const root = path.dirname(entry);
    if (!linkedRoots.has(root)) {
      linkedRoots.add(root);
      linkDeclaredPackages(root, toPosix(path.relative(uploadCopy, root)), repoNodeModules, report);
    }
    const outDir = path.join(tempDir, 'dist', card.uid);
    const captured: string[] = [];
    const original = { warn: console.warn, error: console.error };
    const capture = (...args: unknown[]): void => void captured.push(args.map(String).join(' '));
    console.warn = capture;
    console.error = capture;
    try {
      await remoteBuild({ root, entryPoint: entry, outputDir: outDir, logLevel: 'error' });
    } catch (e) {
      const message = stripTempPaths((e as Error).message, uploadCopy);
      const hint = /resolve|Could not load|ENOENT/i.test(message)
        ? " (HubSpot builds from the uploaded files with only the card folder's declared packages: check .hsignore and app/cards/package.json)"
        : '';
      report.errors.push(`card ${card.uid}: build failed: ${message}${hint}`);
      continue;
    } finally {
      console.warn = original.warn;
      console.error = original.error;
    }
    for (const line of captured) {
      if (line.trim()) report.warnings.push(`card ${card.uid}: build: ${stripTempPaths(line.trim(), uploadCopy)}`);
    }
    const bundleName = encodeURIComponent(`${path.parse(entry).name}.js`);
    const bundle = path.join(outDir, bundleName);
    if (!fs.existsSync(bundle)) {
      report.errors.push(`card ${card.uid}: build produced no ${bundleName}`);
      continue;
    }
    const content = fs.readFileSync(bundle);
    results.push({
      uid: card.uid,
      entry: toPosix(entryRel),
      bundle: bundleName,
      rawBytes: content.length,
      gzipBytes: zlib.gzipSync(content, { level: 9 }).length,
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): { projectDir: string; parseOnly: boolean; keepTemp: boolean; deploy: boolean } {
  let projectDir = process.cwd();
  let parseOnly = false;
  let keepTemp = false;
  let deploy = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--project') projectDir = path.resolve(argv[++i] ?? '.');
    else if (a === '--parse-only') parseOnly = true;
    else if (a === '--keep-temp') keepTemp = true;
    else if (a === '--deploy') deploy = true;
    else throw new Error(`unknown argument ${a}; usage: check-hubspot [--project <dir>] [--parse-only] [--keep-temp] [--deploy]`);
  }
  return { projectDir, parseOnly, keepTemp, deploy };
}

/** Placeholders a real deployment must replace: the example backend host and the example support contacts. */
const PLACEHOLDER = /\bexample\.com\b/;

/**
 * Before an upload: no placeholder may remain in what HubSpot reads (the backend URL in its three
 * places, the support block), since they only fail once installed in a portal.
 */
export function deployProblems(srcDir: string): string[] {
  const problems: string[] = [];
  const files = ['app/cards/backendUrl.ts', 'app/app-hsmeta.json', 'app/webhooks/webhooks-hsmeta.json'];
  for (const file of files) {
    const abs = path.join(srcDir, file);
    if (!fs.existsSync(abs)) continue;
    const lines = fs.readFileSync(abs, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (PLACEHOLDER.test(line))
        problems.push(`${file}:${index + 1}: still the placeholder "${line.trim()}"; set your backend URL and support contacts (README, "Deploying")`);
    });
  }
  return problems;
}

export async function main(argv: string[]): Promise<number> {
  const { projectDir, parseOnly, keepTemp, deploy } = parseArgs(argv);
  console.log(`HubSpot project check (offline): ${projectDir}${deploy ? ' (before deploy)' : ''}`);

  const isIgnored = await loadUploadFilter(projectDir);
  const report = await checkProjectStructure(projectDir, { isIgnoredByUpload: isIgnored });
  if (deploy && report.srcDir) report.errors.push(...deployProblems(report.srcDir));

  console.log(
    `\n1. Project (platform ${report.platformVersion || '?'}, srcDir ${report.srcDir ? toPosix(path.relative(projectDir, report.srcDir)) || '.' : '?'})`,
  );
  for (const c of report.components) {
    const detail =
      c.type === 'card'
        ? `${String(c.config.location)} on ${isStringArray(c.config.objectTypes) ? c.config.objectTypes.join(', ') : '?'} -> ${String(c.config.entrypoint)}`
        : c.type === 'app'
          ? `${String(c.config.distribution)}, auth ${isRecord(c.config.auth) ? String(c.config.auth.type) : '?'}, ${isRecord(c.config.auth) && isStringArray(c.config.auth.requiredScopes) ? c.config.auth.requiredScopes.length : 0} required scopes`
          : isNonEmptyString(c.config.entrypoint)
            ? `-> ${c.config.entrypoint}`
            : '';
    console.log(`  ${c.type.padEnd(13)} ${c.uid.padEnd(24)} ${c.file}  ${detail}`);
  }
  console.log(
    `  SKIPPED: HubSpot's JSON-schema validation of each component config. The parsing library downloads\n` +
      `  those schemas from an account (project-components-external/project-schemas/v3/${report.platformVersion}); offline\n` +
      `  this check validates the documented fields instead. Scope names, install and runtime are checked only by upload.`,
  );

  let builds: CardBuildResult[] = [];
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubspot-check-'));
  try {
    if (parseOnly) {
      console.log(`\n2. Card builds: skipped (--parse-only)`);
    } else if (report.errors.length > 0) {
      console.log(`\n2. Card builds: skipped because the project has errors`);
    } else {
      console.log(`\n2. Card builds (remoteBuild from @hubspot/ui-extensions-dev-server, as HubSpot builds them)`);
      builds = await buildCards(report, tempDir, isIgnored);
      for (const b of builds) {
        console.log(`  ${b.uid.padEnd(24)} ${b.entry} -> ${b.bundle}: ${kb(b.rawBytes)} raw, ${kb(b.gzipBytes)} gzip`);
      }
    }
  } finally {
    if (keepTemp) console.log(`  temporary files kept in ${tempDir}`);
    else fs.rmSync(tempDir, { recursive: true, force: true });
  }

  if (report.warnings.length) {
    console.log(`\nWarnings (${report.warnings.length}):`);
    for (const w of report.warnings) console.log(`  - ${w}`);
  }
  if (report.errors.length) {
    console.error(`\nFAILED: ${report.errors.length} problem(s):`);
    for (const e of report.errors) console.error(`  - ${e}`);
    return 1;
  }
  console.log(`\nOK: ${report.components.length} components, ${builds.length} card(s) built.`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`check-hubspot crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    },
  );
}
