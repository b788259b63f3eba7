// The checker against the real tree (must pass) and against small trees with one fault each
// (each must be reported), so that a green check-infra means something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../check-infra.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PINNED = `terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}
`;
const MODULE = `variable "name" {
  type        = string
  description = "A name."
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}

output "bucket" {
  value       = aws_s3_bucket.this.bucket
  description = "The bucket."
}
`;

function tree(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-infra-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function env(body) {
  return { 'modules/m/versions.tf': PINNED, 'modules/m/main.tf': MODULE, 'envs/dev/versions.tf': PINNED, 'envs/dev/main.tf': body };
}

const GOOD_ENV = `module "m" {
  source = "../../modules/m"
  name   = "x"
}

output "b" {
  value       = module.m.bucket
  description = "The bucket."
}
`;

test('the project tree passes', async () => {
  const r = await check(path.resolve(here, '../../terraform'));
  assert.deepEqual(r.errors, []);
  assert.ok(r.dirs >= 10, `modules and envs found: ${r.dirs}`);
});

test('a well-formed small tree passes', async () => {
  assert.deepEqual((await check(tree(env(GOOD_ENV)))).errors, []);
});

const faults = {
  'an undeclared variable': [GOOD_ENV.replace('"x"', 'var.missing'), /var\.missing is used but not declared/],
  'a missing module source': [GOOD_ENV.replace('../../modules/m', '../../modules/nope'), /is not a module directory/],
  'an unknown module argument': [GOOD_ENV.replace('name   = "x"', 'name   = "x"\n  colour = "red"'), /passes "colour"/],
  'a required variable not passed': [GOOD_ENV.replace('  name   = "x"\n', ''), /does not pass required "name"/],
  'a missing module output': [GOOD_ENV.replace('module.m.bucket', 'module.m.arn'), /module\.m\.arn is not an output/],
  'an inline resource in an environment': [GOOD_ENV + '\nresource "aws_s3_bucket" "x" {\n  bucket = "x"\n}\n', /declares resources or data sources inline/],
  'unformatted HCL': [GOOD_ENV.replace('name   = "x"', 'name = "x"'), /not in canonical format/],
  'a syntax error': [GOOD_ENV.replace('module "m" {', 'module "m" {{'), /does not parse/],
};
for (const [what, [body, expected]] of Object.entries(faults)) {
  test(`reports ${what}`, async () => {
    const r = await check(tree(env(body)));
    assert.ok(r.errors.some((e) => expected.test(e)), `expected ${expected} in ${JSON.stringify(r.errors)}`);
  });
}

test('reports an unpinned provider and an undocumented variable', async () => {
  const root = tree({
    'modules/m/versions.tf': PINNED.replace('~> 5.80', '>= 5.0'),
    'modules/m/main.tf': MODULE.replace('  description = "A name."\n', ''),
  });
  const errors = (await check(root)).errors.join('\n');
  assert.match(errors, /provider "aws" is not pinned/);
  assert.match(errors, /variable "name" has no description/);
});

test('--fix rewrites a file into canonical format', async () => {
  const root = tree(env(GOOD_ENV.replace('name   = "x"', 'name = "x"')));
  await check(root, { fix: true });
  assert.deepEqual((await check(root)).errors, []);
});
