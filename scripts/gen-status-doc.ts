// Writes docs/status-machine.md from the status table; the rendering itself is in shared/ so
// a test can compare the committed file with it.
import { writeFileSync } from 'node:fs';
import { renderStatusMachineDoc } from '../shared/src/domain/status-machine-doc';

const target = new URL('../docs/status-machine.md', import.meta.url);
writeFileSync(target, renderStatusMachineDoc());
console.log(`wrote ${target.pathname}`);
