// Validates Kindred's Terraform without a Terraform binary (none installs from the reachable
// registries): every .tf parses with HashiCorp's HCL parser (compiled to WASM in @cdktf/hcl2json),
// is in canonical format (hclwrite's Format via @cdktf/hcl-tools), and the module graph holds:
// variables used are declared (and documented), module sources exist, arguments match the module's
// variables (required ones passed), module outputs referenced exist, providers and Terraform are
// pinned, and environments compose modules only (no inline resources).
// Usage: node check-infra.mjs <terraform root> [--fix]   (--fix rewrites files into canonical format)
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import fs from 'node:fs';
import path from 'node:path';

const META_ARGS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
const PINNED = /^\s*(=|~>)\s*\d+\.\d+(\.\d+)?\s*$/;

function tfDirs(root) {
  const out = [];
  (function walk(dir) {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) out.push(dir);
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) walk(path.join(dir, e.name));
  })(root);
  return out.sort();
}

/** Every block of one directory, merged over its files. */
async function readDir(dir, errors, fix) {
  const merged = { variable: {}, output: {}, module: {}, resource: {}, data: {}, terraform: [], provider: {}, locals: [], text: '' };
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort()) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    let json;
    try {
      json = await parse(file, text);
    } catch (e) {
      errors.push(`${file}: does not parse: ${String(e.message || e).split('\n')[0]}`);
      continue;
    }
    const canonical = await format(text);
    if (canonical !== text) {
      if (fix) fs.writeFileSync(file, canonical);
      else errors.push(`${file}: not in canonical format (bin/kindred check-infra --fix)`);
    }
    for (const kind of ['variable', 'output', 'module', 'provider']) Object.assign(merged[kind], json[kind] || {});
    for (const [type, byName] of Object.entries(json.resource || {})) merged.resource[type] = { ...(merged.resource[type] || {}), ...byName };
    for (const [type, byName] of Object.entries(json.data || {})) merged.data[type] = { ...(merged.data[type] || {}), ...byName };
    merged.terraform.push(...(json.terraform || []));
    merged.locals.push(...(json.locals || []));
    // What expressions refer to, without the declarations themselves.
    const { variable, ...rest } = json;
    merged.text += JSON.stringify(rest) + '\n';
  }
  return merged;
}

function providersUsed(d) {
  const used = new Set();
  for (const type of [...Object.keys(d.resource), ...Object.keys(d.data)]) used.add(type.split('_')[0]);
  for (const name of Object.keys(d.provider)) used.add(name);
  return used;
}

export async function check(root, { fix = false } = {}) {
  const errors = [];
  const dirs = tfDirs(root);
  const read = new Map();
  for (const dir of dirs) read.set(dir, await readDir(dir, errors, fix));
  for (const [dir, d] of read) {
    const rel = path.relative(root, dir) || '.';
    const declared = new Set(Object.keys(d.variable));
    for (const m of d.text.matchAll(/\bvar\.([A-Za-z0-9_-]+)/g)) {
      if (!declared.has(m[1])) errors.push(`${rel}: var.${m[1]} is used but not declared`);
    }
    for (const [name, [v]] of Object.entries(d.variable)) {
      if (!v.description) errors.push(`${rel}: variable "${name}" has no description`);
      if (!v.type) errors.push(`${rel}: variable "${name}" has no type`);
    }
    for (const [name, [o]] of Object.entries(d.output)) {
      if (!o.description) errors.push(`${rel}: output "${name}" has no description`);
    }
    // Pinned Terraform and providers.
    const tf = d.terraform.find((t) => t.required_version || t.required_providers);
    const required = Object.assign({}, ...(tf?.required_providers || []));
    if (!tf?.required_version) errors.push(`${rel}: no terraform { required_version }`);
    for (const p of providersUsed(d)) {
      const r = required[p];
      if (!r) errors.push(`${rel}: provider "${p}" is used but not in required_providers`);
      else if (!r.source || !PINNED.test(r.version || '')) {
        errors.push(`${rel}: provider "${p}" is not pinned (source and version "~> x.y" or "= x.y.z")`);
      }
    }
    // Environments compose modules; resources live in modules.
    if (rel.split(path.sep)[0] === 'envs' && (Object.keys(d.resource).length || Object.keys(d.data).length)) {
      errors.push(`${rel}: an environment declares resources or data sources inline; put them in a module`);
    }
    // Module calls: the source exists, arguments are the module's variables, required ones passed.
    const outputsOf = new Map();
    for (const [name, [call]] of Object.entries(d.module)) {
      const src = path.resolve(dir, call.source || '');
      const target = read.get(src);
      if (!call.source?.startsWith('.') || !target) {
        errors.push(`${rel}: module "${name}" source "${call.source}" is not a module directory of this tree`);
        continue;
      }
      outputsOf.set(name, new Set(Object.keys(target.output)));
      for (const arg of Object.keys(call)) {
        if (!META_ARGS.has(arg) && !(arg in target.variable)) {
          errors.push(`${rel}: module "${name}" passes "${arg}", which ${call.source} does not declare`);
        }
      }
      for (const [v, [decl]] of Object.entries(target.variable)) {
        if (!('default' in decl) && !(v in call)) errors.push(`${rel}: module "${name}" does not pass required "${v}"`);
      }
    }
    for (const m of d.text.matchAll(/\bmodule\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/g)) {
      const outs = outputsOf.get(m[1]);
      if (!outs) errors.push(`${rel}: module.${m[1]} is referenced but not called here`);
      else if (!outs.has(m[2])) errors.push(`${rel}: module.${m[1]}.${m[2]} is not an output of that module`);
    }
  }
  return { dirs: dirs.length, files: dirs.reduce((n, d) => n + fs.readdirSync(d).filter((f) => f.endsWith('.tf')).length, 0), errors };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(process.argv[2] || '../terraform');
  const result = await check(root, { fix: process.argv.includes('--fix') });
  for (const e of result.errors) console.error(`infra: ${e}`);
  console.log(`check-infra dirs=${result.dirs} files=${result.files} errors=${result.errors.length}`);
  process.exit(result.errors.length ? 1 : 0);
}
