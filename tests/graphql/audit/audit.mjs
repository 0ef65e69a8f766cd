// Runs graphql-http's GraphQL-over-HTTP server audits against a live server and prints one JSON
// object: the counts per status and every audit's id, name, status and (when it failed) reason.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const audits = results.map(({ id, name, status, reason, response }) => {
  counts[status] += 1;
  // The Response object itself is not serialisable; its status code is what explains a failure.
  return status === 'ok' ? { id, name, status } : { id, name, status, reason, httpStatus: response.status };
});
console.log(JSON.stringify({ total: results.length, ...counts, audits }, null, 2));
