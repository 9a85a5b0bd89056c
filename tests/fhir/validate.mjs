// The second FHIR validator for tests/it/fhir_export.rs: FHIR.js (npm `fhir`, R4), which
// checks codes against required value sets. Prints each file's errors; exit 0 when every
// file is valid, 1 when one is not, 2 on a file it cannot read.
// Usage: node tests/fhir/validate.mjs FILE...
import { readFileSync } from 'node:fs';
import fhir from 'fhir';

const validator = new fhir.Fhir();
let invalid = 0;
for (const file of process.argv.slice(2)) {
  let resource;
  try {
    resource = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    process.exit(2);
  }
  const result = validator.validate(resource, {});
  const errors = result.messages.filter((m) => m.severity === 'error');
  for (const m of errors) console.log(`${file}: ${m.location}: ${m.message}`);
  if (!result.valid) invalid += 1;
  console.log(`${file}: ${result.valid ? 'valid' : 'INVALID'} (${resource.entry?.length ?? 0} entries)`);
}
process.exit(invalid ? 1 : 0);
