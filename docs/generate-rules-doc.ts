// SPDX-License-Identifier: Apache-2.0
/** `npx projen rules-doc`: writes RULES.md from the rule metadata and the packs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesMarkdown } from '../lib/validate/rules-doc';

fs.writeFileSync(path.join(__dirname, '..', 'RULES.md'), rulesMarkdown());
