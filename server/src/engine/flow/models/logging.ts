import type { ModelSet } from './types';

/**
 * Logging sinks: everything passed to these calls ends up in logcat, the unified
 * log, the Xcode / browser console or a log file, and from there in crash and
 * log collectors. `privacy` marks the APIs that redact dynamic values unless told
 * otherwise (os.Logger, os_log).
 */
const LEVELS = 'v|d|i|w|e|wtf|verbose|debug|info|warn|warning|error|trace|log|fatal|f|t|notice|fault|critical|shout|severe|fine|finer|finest|config';

export const LOGGING: ModelSet = {
	family: 'logging',
	sinks: [
		// JavaScript / TypeScript
		{ id: 'log.console', langs: ['js'], receiver: 'console', method: 'log|info|warn|error|debug|trace|dir|table', sink: 'log', args: ['all'], label: 'console' },
		{ id: 'log.reactotron', langs: ['js'], receiver: 'Reactotron', method: 'log|display|logImportant|warn|error', sink: 'log', args: ['all'], label: 'Reactotron' },
		{ id: 'log.js-logger', langs: ['js'], receiver: '(?:this\\.)?(?:logger|log|_logger|LOG|LOGGER|Logger)', method: 'debug|info|warn|error|log|trace|verbose|fatal', sink: 'log', args: ['all'], label: 'logger' },
		// Android / JVM
		{ id: 'log.android', langs: ['kotlin', 'java'], receiver: '(?:android\\.util\\.)?Log', method: 'v|d|i|w|e|wtf|println', sink: 'log', args: ['all'], label: 'Log' },
		{ id: 'log.timber', langs: ['kotlin', 'java'], receiver: 'Timber(?:\\.tag\\(.*\\))?', method: 'v|d|i|w|e|wtf|log', sink: 'log', args: ['all'], label: 'Timber' },
		{ id: 'log.system-out', langs: ['kotlin', 'java'], receiver: 'System\\.(?:out|err)', method: 'println|print|printf|format', sink: 'log', args: ['all'], label: 'System.out' },
		{ id: 'log.kotlin-println', langs: ['kotlin'], receiver: '', method: 'println|print', sink: 'log', args: ['all'], label: 'println' },
		{
			id: 'log.jvm-logger',
			langs: ['kotlin', 'java'],
			receiver: '(?:this\\.)?(?:logger|log|LOG|LOGGER|sLogger|mLogger|sLog|Logger\\.getLogger\\(.*\\)|LoggerFactory\\.getLogger\\(.*\\))',
			method: 'trace|debug|info|warn|warning|error|severe|fine|finer|finest|config|log',
			sink: 'log',
			args: ['all'],
			label: 'logger',
		},
		// Swift
		{ id: 'log.swift-print', langs: ['swift'], receiver: '', method: 'print|debugPrint|dump|NSLog|NSLogv', sink: 'log', args: ['all'], label: 'print' },
		{ id: 'log.swift-os-log', langs: ['swift'], receiver: '', method: 'os_log', sink: 'log', args: ['all'], label: 'os_log', privacy: 'os-log' },
		{ id: 'log.swift-logger', langs: ['swift'], receiver: '(?:self\\.|Self\\.)?(?:logger|log|Logger|_logger|\\w+\\.logger)', method: 'log|trace|debug|info|notice|warning|error|critical|fault', sink: 'log', args: ['all'], label: 'Logger', privacy: 'swift-logger' },
		// Objective-C
		{ id: 'log.objc-nslog', langs: ['objc'], receiver: '', method: 'NSLog|NSLogv|printf|DDLog\\w*', sink: 'log', args: ['all'], label: 'NSLog' },
		{ id: 'log.objc-os-log', langs: ['objc'], receiver: '', method: 'os_log(?:_info|_debug|_error|_fault)?', sink: 'log', args: ['all'], label: 'os_log', privacy: 'os-log' },
		// Dart / Flutter
		{ id: 'log.dart-print', langs: ['dart'], receiver: '', method: 'print|debugPrint', sink: 'log', args: ['all'], label: 'print' },
		{ id: 'log.dart-developer-log', langs: ['dart'], receiver: '', method: 'log', sink: 'log', args: [0, { label: 'error' }], label: 'log' },
		{ id: 'log.dart-logger', langs: ['dart'], receiver: '(?:_?logger|_?log|talker|_talker|Logger\\(.*\\)|\\w*[Ll]ogger)', method: `${LEVELS}|handle`, sink: 'log', args: ['all'], label: 'logger' },
	],
};
