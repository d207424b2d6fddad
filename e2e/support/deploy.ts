import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SERVED_DIST } from './env';

/**
 * "Deploys" a new version into the folder the server serves: index.html gets a build marker
 * and the service worker's precache manifest gets that file's new revision, exactly what a
 * real rebuild changes for the shell. The browser then finds a byte-different sw.js, installs
 * it beside the running one and leaves it waiting, as it would after a real deployment.
 * Returns a function that puts the original files back.
 */
export async function deployNewVersion(build: string): Promise<() => Promise<void>> {
  const indexPath = path.join(SERVED_DIST, 'index.html');
  const swPath = path.join(SERVED_DIST, 'sw.js');
  const [index, sw] = await Promise.all([readFile(indexPath, 'utf8'), readFile(swPath, 'utf8')]);
  const newIndex = index.replace(
    '<head>',
    `<head>\n    <meta name="anxin-build" content="${build}" />`,
  );
  if (newIndex === index) throw new Error('index.html has no <head> to mark');
  const revision = createHash('md5').update(newIndex).digest('hex');
  const entry = /\{"revision":"[0-9a-f]+","url":"index\.html"\}/;
  if (!entry.test(sw)) throw new Error('sw.js has no precache entry for index.html');
  const newSw = sw.replace(entry, `{"revision":"${revision}","url":"index.html"}`);
  await Promise.all([writeFile(indexPath, newIndex), writeFile(swPath, newSw)]);
  return async () => {
    await Promise.all([writeFile(indexPath, index), writeFile(swPath, sw)]);
  };
}
