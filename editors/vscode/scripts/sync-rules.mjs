// Rewrites the `resolute.rules` schema in package.json from src/rules.ts (compiled to out/).
// Run after editing the rule table: `npx tsc -p . && node scripts/sync-rules.mjs`.
// test/manifest.test.ts fails when package.json and src/rules.ts disagree.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { RULES, SEVERITIES, SEVERITY_DESCRIPTIONS } = require(path.join(root, 'out/src/rules.js'));

const severity = (markdownDescription) => ({
  type: 'string',
  enum: [...SEVERITIES],
  enumDescriptions: SEVERITIES.map((s) => SEVERITY_DESCRIPTIONS[s]),
  markdownDescription,
});

const file = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
const rules = pkg.contributes.configuration.properties['resolute.rules'];
rules.properties = Object.fromEntries(RULES.map((r) => [r.code, severity(`\`${r.code}\`: ${r.description}`)]));
rules.additionalProperties = severity('Severity of a rule code not known to this version of the extension.');
fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`package.json: ${RULES.length} rules`);
