// `npm run settings`: writes .env.example and the README's settings table from src/settings-table.ts.

import { readFileSync, writeFileSync } from 'node:fs';
import { renderEnvExample, withReadmeTable } from '../src/settings-render.ts';

writeFileSync('.env.example', renderEnvExample());
writeFileSync('README.md', withReadmeTable(readFileSync('README.md', 'utf8')));
console.log('Wrote .env.example and the settings table of README.md from src/settings-table.ts');
