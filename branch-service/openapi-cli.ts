// `npm run branch-service:openapi`: rewrites branch-service/openapi.json from the route table.
import { writeFileSync } from 'node:fs';
import { openApiFilePath, openApiFileText } from './openapi-file.js';

const path = openApiFilePath();
openApiFileText(path).then(
  (text) => {
    writeFileSync(path, text);
    process.stdout.write(`Wrote ${path}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
