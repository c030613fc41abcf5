// `npm run settings`: writes .env.example and the settings table in docs/cluster.md from src/settings-table.ts.

import { readFileSync, writeFileSync } from 'node:fs';
import { renderEnvExample, SETTINGS_DOC, withSettingsTable } from '../src/settings-render.ts';

writeFileSync('.env.example', renderEnvExample());
writeFileSync(SETTINGS_DOC, withSettingsTable(readFileSync(SETTINGS_DOC, 'utf8')));
console.log(`Wrote .env.example and the settings table of ${SETTINGS_DOC} from src/settings-table.ts`);
