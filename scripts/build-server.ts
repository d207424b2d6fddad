// Bundles the server for `node` (no TypeScript, no tsx at run time):
//
//   npx tsx scripts/build-server.ts [--outdir dist/server]
//
// dist/server/main.js (the server), backup.js and restore.js (the operator's scripts), ESM
// for Node 20.19+ and 22, with source maps. Our code (api/, @anxin/shared) is bundled; every
// npm package stays external and is loaded from node_modules, as `npm ci --omit=dev`
// installs them: better-sqlite3 is native (its binary is built for the Node that installs
// it), pg, pino and exceljs load files of their own at run time, and one copy of each
// package keeps the bundle small and the licences where npm put them. The hardening
// suite starts the same bundle (tests/hardening/support/processes.ts).
import path from 'node:path';
import { type BuildOptions, build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');

export const SERVER_ENTRIES = {
  main: 'api/src/main.ts',
  backup: 'scripts/backup.ts',
  restore: 'scripts/restore.ts',
} as const;

export function serverBuildOptions(outdir: string): BuildOptions {
  return {
    entryPoints: Object.fromEntries(
      Object.entries(SERVER_ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)]),
    ),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // ESM output still needs require() for CommonJS dependencies that call it.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    plugins: [
      {
        name: 'externalize-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@anxin/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  };
}

export async function buildServer(outdir = path.join(ROOT, 'dist/server')): Promise<string> {
  await build(serverBuildOptions(outdir));
  return path.join(outdir, 'main.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]!) : undefined;
  const started = performance.now();
  buildServer(outdir)
    .then((main) => {
      const ms = Math.round(performance.now() - started);
      console.log(`server bundle: ${path.relative(process.cwd(), main)} (${ms} ms)`);
    })
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
