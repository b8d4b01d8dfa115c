/**
 * Worker threads running one of Ward's own modules, from built code or from TypeScript source.
 * Built code (dist/) runs the compiled .js module directly. From the .ts source (tsx, vitest) a
 * worker thread does not inherit the parent's TypeScript loader, so a small bootstrap registers
 * tsx's ESM hooks (tsx/esm/api `register`) before importing the module's source.
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` (no extension) that sits beside `callerUrl`,
 * the caller's `import.meta.url`: `.js` when the caller is built code, `.ts` when it is source.
 */
export function startModuleWorker(callerUrl: string, name: string): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl));
  const moduleUrl = new URL(`./${name}.ts`, callerUrl).href;
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
  return new Worker(bootstrap, { eval: true });
}
