import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ALL_RULE_META } from '../../server/src/engine/rules/registry';
import { REPO_ROOT } from '../helpers/paths';

test('every rule has a documentation page that names it', () => {
	const missing: string[] = [];
	for (const m of ALL_RULE_META) {
		const p = path.join(REPO_ROOT, 'docs', 'rules', `${m.id}.md`);
		if (!fs.existsSync(p)) {
			missing.push(m.id);
			continue;
		}
		const text = fs.readFileSync(p, 'utf8');
		assert.ok(text.startsWith(`# ${m.id}`), `${m.id}.md must start with "# ${m.id}"`);
	}
	assert.deepEqual(missing, []);
});

test('rule metadata is complete', () => {
	for (const m of ALL_RULE_META) {
		assert.match(m.id, /^[a-z0-9]+(-[a-z0-9]+)*$/, m.id);
		assert.ok(m.title.length > 5 && m.why.length > 20 && m.fix.length > 10, m.id);
		assert.ok(m.sections.length > 0, m.id);
	}
});
