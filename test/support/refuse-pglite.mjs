// Loaded with `node --import` (test/host/composition.test.ts): a module loader that refuses
// PGlite, in the main thread and, through the inherited --import, in every worker thread the
// process starts (the embedded branch service runs in one: main/branch-service-thread.ts).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        if (result.url.includes('/@electric-sql/pglite/')) {
          throw new Error('PGlite was loaded (' + specifier + ' from ' + context.parentURL + ')');
        }
        return result;
      }`),
);
