import type { Fix, Rule } from '../../types';
import { flowOf } from '../../flow';
import { replace } from '../shared/edits';
import { describeLeak, isDebugWrite, type Leak, type LeakOptions, leakSeverity, leaksOf } from './stored';
import { storeWrites, type Write, type Store } from './writes';
import { mayHoldStoredSecret } from '../../flow/sensitiveValueGate';

/** The stores this rule reads (storeWrites classifies only the writes that can go there). */
const FILES: ReadonlySet<Store> = new Set(['file']);

/**
 * Credentials, tokens and personal secrets written to files unencrypted, found
 * with the value-flow layer: the value reaches a file write (JVM streams and
 * writers, `File.writeText`, `Files.write`, `openFileOutput`; Swift
 * `Data.write(to:)` / `String.write(to:)` / `FileManager.createFile`; Objective-C
 * `writeToFile:`; Dart `File.writeAsString`; react-native-fs, expo-file-system)
 * through locals, fields, JSON serialisation, containers and same-file helpers.
 * Writes through a cipher stream / EncryptedFile and iOS writes with complete Data
 * Protection are not reported; shared external storage is
 * android-external-storage-sensitive's finding.
 */

function fileNames(w: Write): LeakOptions['nameOrigins'] {
	return (w.file?.nameOrigins ?? []).map((n) => ({ ...n, kind: 'file' as const }));
}

function where(w: Write, leak: Leak): string {
	const f = w.file;
	// A helper's write: the name this call passes (its other callers pass other names).
	const names = leak.helper ? leak.names : (f?.names ?? []);
	const name = names[names.length - 1];
	const file = name ? `the file "${name}"` : 'a file';
	if (f?.external?.kind === 'app') return `${file} on app-specific external storage (readable by other apps with the storage permission on Android 9 and older)`;
	return file;
}

export const sensitiveDataInFile: Rule = {
	meta: {
		id: 'sensitive-data-in-file',
		title: 'Credentials or tokens written to a file unencrypted',
		severity: 'warning',
		sections: ['STORE'],
		masvs: ['MASVS-STORAGE-1', 'MASWE-0006'],
		kinds: ['javascript', 'typescript', 'tsx', 'kotlin', 'java', 'swift', 'objc', 'dart'],
		triggers: ['FileOutputStream', 'FileWriter', 'openFileOutput', 'writeText', 'writeBytes', 'appendText', 'RandomAccessFile', 'Files.write', 'Files.new', 'outputStream(', 'bufferedWriter(', 'printWriter(', 'PrintWriter', 'write(to', 'writeToFile', 'writeToURL', 'createFile', 'archiveRootObject', 'writeAsString', 'writeAsBytes', 'openWrite', 'writeFile', 'appendFile', 'writeAsStringAsync', 'expo-file-system'],
		textGate: mayHoldStoredSecret,
		why: 'Files in the app sandbox are plain bytes: they are copied into backups and device transfers, readable on a rooted or jailbroken device and by anything that gets a path to them (a FileProvider, a share intent, a debug build). A token, password or card number written there is one file copy away from an attacker.',
		fix: 'Keep secrets in the Keychain / Keystore-backed storage instead of files. If a file is needed, encrypt the content with a Keystore / Keychain key (AES-GCM) before writing it, and on iOS write with .completeFileProtection.',
	},
	check(ctx) {
		const flow = flowOf(ctx);
		if (!flow) return;
		for (const w of storeWrites(ctx, flow, FILES)) {
			if (w.store !== 'file' || w.protectedBy || w.file?.external?.kind === 'shared') continue;
			const leaks = leaksOf(ctx, flow, w, { nameOrigins: fileNames(w), weakFileNames: true });
			// Asked only of writes that leak (isDebugOnly makes no note).
			const debug = leaks.length > 0 && isDebugWrite(flow, ctx, w);
			for (const leak of leaks) {
				const at = leak.helper ? ` (by \`${w.api}\` in \`${leak.helper}\`)` : ` by \`${w.api}\``;
				const fixes: Fix[] = [];
				// iOS `data.write(to: url)`: complete Data Protection keeps the file encrypted while the device is locked; reads are unchanged.
				const to = w.site.args.find((a) => a.label === 'to');
				if (leak.start === w.start && w.model === 'storage.swift-write-to' && to && w.site.args.length === 1) {
					fixes.push({ title: 'Write with .completeFileProtection', preferred: true, edits: [replace(ctx, to.end, to.end, ', options: .completeFileProtection')] });
				}
				ctx.report({
					start: leak.start,
					end: leak.end,
					severity: leakSeverity('warning', leak.evidence, debug),
					evidence: leak.evidence,
					related: leak.related,
					message: `${describeLeak(leak)} is written to ${where(w, leak)}${at} unencrypted${debug ? ' (debug-only code)' : ''}: the file sits in plain form in the app sandbox and in backups. Keep secrets in the Keychain / Keystore-backed storage, or encrypt the content with a Keystore / Keychain key before writing it.`,
					fixes,
				});
			}
		}
	},
};
