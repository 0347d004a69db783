import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../common/src/protocol';
import { SERVER_EXEC_ARGV } from '../../common/src/serverProcess';
import { explicitSettings } from './explicitSettings';

/** Languages MobSec reads by language id; file names below cover config files whatever their language id. */
const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'kotlin', 'java', 'swift', 'objective-c', 'objective-cpp', 'dart', 'xml', 'plist', 'groovy', 'properties', 'dotenv', 'ruby', 'yaml', 'json', 'jsonc', 'shellscript', 'makefile'];
const FILE_PATTERNS = ['**/AndroidManifest.xml', '**/res/xml/*.xml', '**/*.plist', '**/*.entitlements', '**/app.json', '**/package.json', '**/pubspec.yaml', '**/build.gradle', '**/*.gradle.kts', '**/gradle.properties', '**/Podfile', '**/.env', '**/.env.*', '**/*.versions.toml', '**/gradle-wrapper.properties', '**/Package.resolved', '**/project.pbxproj', '**/settings.gradle', '**/Fastfile', '**/Makefile', '**/*.sh'];

/** Files whose content feeds the whole-workspace project model (manifests, Gradle settings and properties, Xcode projects, CI workflows, and sources that add hosts / pinning evidence; the server re-reads only the changed file). */
export const PROJECT_FILES_GLOB = '**/{package.json,pubspec.yaml,build.gradle,build.gradle.kts,settings.gradle,settings.gradle.kts,gradle.properties,project.pbxproj,eas.json,Fastfile,Makefile,*.sh,*.yml,*.yaml,Podfile,app.json,app.config.*,.env,.env.*,*.js,*.jsx,*.ts,*.tsx,*.kt,*.java,*.swift,*.m,*.mm,*.dart,*.xml,*.plist,*.entitlements,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,pubspec.lock,Podfile.lock,Package.resolved,gradle.lockfile,*.versions.toml,osv-scanner.toml}';

/** `.mobsec/config.json` (team settings) and `.mobsec/baseline.json` (accepted findings). */
export const MOBSEC_FILES_GLOB = '**/.mobsec/{config,baseline}.json';
/** The `.mobsec` folder itself. */
export const MOBSEC_FOLDER_GLOB = '**/.mobsec';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
	const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
		debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
	};
	const watcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILES_GLOB);
	// The project config and the baseline: the server re-reads them on change, no reload needed.
	const configWatcher = vscode.workspace.createFileSystemWatcher(MOBSEC_FILES_GLOB);
	// A `.mobsec` folder created (or deleted) with its files: its event may be the only one.
	const configFolderWatcher = vscode.workspace.createFileSystemWatcher(MOBSEC_FOLDER_GLOB);
	context.subscriptions.push(watcher, configWatcher, configFolderWatcher);
	const settingKeys = Object.keys((context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } }).contributes?.configuration?.properties ?? {});
	const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted };
	const clientOptions: LanguageClientOptions = {
		documentSelector: [...LANGUAGES.map((language) => ({ scheme: 'file', language })), ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern }))],
		synchronize: { fileEvents: [watcher, configWatcher, configFolderWatcher] },
		initializationOptions,
		middleware: {
			workspace: {
				// Send only the settings a person set, so that defaults do not override .mobsec/config.json.
				configuration: async (params, token, next) => {
					const answered = await next(params, token);
					if (!Array.isArray(answered)) return answered;
					return params.items.map((item, i) => (item.section === 'mobsec' ? explicitSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined, settingKeys) : answered[i]));
				},
			},
		},
		outputChannel: output,
		revealOutputChannelOn: RevealOutputChannelOn.Never,
		// Pull on every change and on save; the server honours mobsec.run (onType/onSave) itself,
		// so switching the setting needs no reload.
		diagnosticPullOptions: { onChange: true, onSave: true },
	};
	return new LanguageClient('mobsec', 'MobSec', serverOptions, clientOptions);
}
