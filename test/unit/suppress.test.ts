import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';

const URL_LINE = "const API = 'http://api.shopfast.example';";

test('next-line suppression with a reason hides the finding', async () => {
	const r = await analyze('/p/src/a.ts', `// mobsec-disable-next-line cleartext-url-literal -- internal test host, TLS at the proxy\n${URL_LINE}\n${URL_LINE}\n`);
	assert.deepEqual(r.findings.map((f) => [f.ruleId, f.range.start.line]), [['cleartext-url-literal', 2]]);
});

test('same-line and file-level suppressions', async () => {
	const same = await analyze('/p/src/a.ts', `${URL_LINE} // mobsec-disable-line cleartext-url-literal -- reviewed\n`);
	assert.equal(same.findings.length, 0);
	const file = await analyze('/p/src/a.ts', `/* mobsec-disable-file cleartext-url-literal -- generated fixtures */\n${URL_LINE}\n${URL_LINE}\n`);
	assert.equal(file.findings.length, 0);
});

test('a suppression without a reason still suppresses but is reported as a hint', async () => {
	const r = await analyze('/p/src/a.ts', `// mobsec-disable-next-line cleartext-url-literal\n${URL_LINE}\n`);
	assert.deepEqual(r.findings.map((f) => [f.ruleId, f.severity, f.range.start.line]), [['suppression-missing-reason', 'hint', 0]]);
	const placeholder = await analyze('/p/src/a.ts', `// mobsec-disable-next-line cleartext-url-literal -- <reason>\n${URL_LINE}\n`);
	assert.deepEqual(placeholder.findings.map((f) => f.ruleId), ['suppression-missing-reason']);
});

test('an unknown rule id in a suppression is reported and suppresses nothing', async () => {
	const r = await analyze('/p/src/a.ts', `// mobsec-disable-next-line cleartext-url-literl -- typo\n${URL_LINE}\n`);
	assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['cleartext-url-literal', 'suppression-unknown-rule']);
	const unknown = r.findings.find((f) => f.ruleId === 'suppression-unknown-rule')!;
	assert.equal(unknown.range.start.character, '// mobsec-disable-next-line '.length);
});

test('XML and hash comment syntaxes', async () => {
	const plist = `<?xml version="1.0"?>\n<plist version="1.0"><dict>\n<key>NSAppTransportSecurity</key>\n<dict>\n<!-- mobsec-disable-next-line ios-ats-arbitrary-loads - legacy CDN, tracked in SEC-12 -->\n<key>NSAllowsArbitraryLoads</key>\n<true/>\n</dict>\n</dict></plist>`;
	assert.equal((await analyze('/p/ios/App/Info.plist', plist)).findings.length, 0);
	const env = `# mobsec-disable-next-line cleartext-url-literal -- LAN-only kiosk build\nAPI_URL=http://api.shopfast.example\n`;
	assert.equal((await analyze('/p/.env', env)).findings.length, 0);
});
