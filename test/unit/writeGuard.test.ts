import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { AnalysisCache } from '../../server/src/lsp/analysisCache';
import { codeActions } from '../../server/src/lsp/codeActions';
import { insideFolder, unsafeWrite } from '../../server/src/lsp/writeGuard';
import type { Finding, Fix } from '../../server/src/engine/types';

const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function workspace(): { ws: string; outside: string; done: () => void } {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mobsec-guard-'));
	const ws = path.join(tmp, 'app');
	const outside = path.join(tmp, 'elsewhere');
	fs.mkdirSync(path.join(ws, 'android/app/src/main/res/xml'), { recursive: true });
	fs.mkdirSync(outside);
	fs.writeFileSync(path.join(ws, 'android/app/src/main/AndroidManifest.xml'), '<manifest/>\n');
	fs.writeFileSync(path.join(outside, 'victim.xml'), 'keep me\n');
	// A symlinked folder inside the workspace that leads out of it, and a dangling symlink.
	fs.symlinkSync(outside, path.join(ws, 'android/app/src/main/res/linked'));
	fs.symlinkSync(path.join(outside, 'not-yet.xml'), path.join(ws, 'android/app/src/main/res/xml/dangling.xml'));
	return { ws, outside, done: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

test('writes stay inside the workspace folder: .. and symlinks are resolved', () => {
	const { ws, outside, done } = workspace();
	try {
		const res = path.join(ws, 'android/app/src/main/res');
		assert.ok(insideFolder(path.join(res, 'xml/network_security_config.xml'), ws));
		assert.ok(!insideFolder(path.join(res, 'xml/../../../../../../../elsewhere/x.xml'), ws));
		assert.ok(!insideFolder(path.join(res, 'linked/new.xml'), ws), 'a symlinked folder that leads out');
		assert.ok(!insideFolder(ws, ws), 'the folder itself is not a file in it');
		assert.ok(!insideFolder(path.join(outside, 'victim.xml'), ws));
	} finally {
		done();
	}
});

test('a fix is refused when it would write outside the folder or over an existing file', () => {
	const { ws, outside, done } = workspace();
	try {
		const xml = path.join(ws, 'android/app/src/main/res/xml');
		const create = (p: string): Fix => ({ title: 'create', edits: [], creates: [{ path: p, content: '<x/>' }] });
		assert.equal(unsafeWrite(create(path.join(xml, 'network_security_config.xml')), ws), undefined);
		assert.match(unsafeWrite(create(path.join(xml, '../../../../../../../elsewhere/evil.xml')), ws)!, /outside the workspace folder/);
		assert.match(unsafeWrite(create(path.join(ws, 'android/app/src/main/res/linked/evil.xml')), ws)!, /outside the workspace folder/);
		assert.match(unsafeWrite(create(path.join(ws, 'android/app/src/main/AndroidManifest.xml')), ws)!, /exists/);
		assert.match(unsafeWrite(create(path.join(xml, 'dangling.xml')), ws)!, /exists/, 'a dangling symlink would be written through');
		assert.match(unsafeWrite(create(path.join(xml, 'a.xml')), undefined)!, /no workspace folder/);
		const editElsewhere: Fix = { title: 'edit', edits: [{ path: path.join(outside, 'victim.xml'), range: at, newText: 'x' }] };
		assert.match(unsafeWrite(editElsewhere, ws)!, /outside the workspace folder/);
		assert.equal(unsafeWrite({ title: 'own file', edits: [{ range: at, newText: 'x' }] }, undefined), undefined, 'edits of the document itself are fine');
	} finally {
		done();
	}
});

test('code actions offer only the fixes that stay inside the folder', () => {
	const { ws, done } = workspace();
	try {
		const manifest = path.join(ws, 'android/app/src/main/AndroidManifest.xml');
		const uri = pathToFileURL(manifest).toString();
		const text = '<manifest/>\n';
		const doc = TextDocument.create(uri, 'xml', 1, text);
		const xml = path.join(ws, 'android/app/src/main/res/xml');
		const finding: Finding = {
			ruleId: 'android-cleartext-manifest',
			severity: 'error',
			message: 'm',
			range: { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } },
			offset: { start: 0, end: 9 },
			fixes: [
				{ title: 'Create it inside', edits: [], creates: [{ path: path.join(xml, 'network_security_config.xml'), content: '<x/>' }] },
				{ title: 'Create it outside', edits: [], creates: [{ path: path.join(xml, '../../../../../../../elsewhere/evil.xml'), content: '<x/>' }] },
			],
		};
		const cache = new AnalysisCache();
		cache.set(uri, 1, text, [finding]);
		const titles = (folder: string | undefined) => codeActions({ textDocument: { uri }, range: finding.range, context: { diagnostics: [] } }, doc, cache, folder).map((a) => a.title);
		assert.ok(titles(ws).includes('Create it inside'));
		assert.ok(!titles(ws).includes('Create it outside'));
		assert.ok(!titles(undefined).some((t) => t.startsWith('Create it')), 'no workspace folder: no fix that creates files');
	} finally {
		done();
	}
});
