import type { Lockfile } from './lockfiles';

/**
 * npm packages that are development tooling even when a runtime dependency
 * depends on them: the Metro bundler and its server, React DevTools' backend,
 * the React Native CLI and dev middleware, Babel, Jest, Flipper, codegen and
 * build plugins. They run on the developer's machine or the build server and
 * never enter the app bundle, so a vulnerability that reaches the app only
 * through them (react-native -> react-devtools-core -> ws) does not ship.
 * What ships is kept out on purpose: metro-runtime and @expo/metro-runtime
 * (the bundle's module system), @react-native/js-polyfills, @babel/runtime.
 */
const NPM_DEV_TOOLING = /^(react-devtools-core|react-devtools|metro|metro-(?!runtime$)[\w-]+|@react-native\/(dev-middleware|community-cli-plugin|debugger-frontend|metro-config|metro-babel-transformer|babel-preset|babel-plugin-codegen|codegen|gradle-plugin|eslint-config|eslint-plugin|typescript-config)|@react-native-community\/cli(-[\w-]+)?|@expo\/(cli|metro-config|dev-server|prebuild-config|config-plugins|webpack-config|xcpretty|osascript|package-manager|devcert)|@babel\/(?!runtime$)[\w-]+|babel-(?!runtime$)[\w-]+|jest(-[\w-]+)?|@jest\/[\w-]+|eslint(-[\w-]+)?|@typescript-eslint\/[\w-]+|typescript|flipper(-[\w-]+)?|react-native-flipper|chromium-edge-launcher|@storybook\/[\w-]+|storybook|detox|patch-package)$/;

export function isNpmDevTooling(name: string): boolean {
	return NPM_DEV_TOOLING.test(name);
}

/**
 * When package `target` is reached from the direct dependency at `from`
 * only through development tooling, the tooling packages on those paths
 * (sorted); undefined when some path avoids tooling (the package ships).
 */
export function onlyThroughTooling(lock: Lockfile, from: number, target: number): string[] | undefined {
	if (lock.ecosystem !== 'npm' || !lock.hasGraph) return undefined;
	const tool = (i: number): boolean => isNpmDevTooling(lock.packages[i]!.name);
	if (tool(target)) return [lock.packages[target]!.name];
	if (from === target || tool(from)) return from === target ? undefined : [lock.packages[from]!.name];
	const seen = new Set<number>([from]);
	const queue = [from];
	const via = new Set<string>();
	let reachedTooling = false;
	for (let q = 0; q < queue.length; q++) {
		for (const j of lock.packages[queue[q]!]!.deps ?? []) {
			if (j === target) return undefined;
			if (seen.has(j)) continue;
			seen.add(j);
			if (tool(j)) {
				// Not entered: whatever lies behind tooling does not ship through this path.
				if (reaches(lock, j, target)) {
					via.add(lock.packages[j]!.name);
					reachedTooling = true;
				}
				continue;
			}
			queue.push(j);
		}
	}
	return reachedTooling ? [...via].sort() : undefined;
}

function reaches(lock: Lockfile, from: number, target: number): boolean {
	const seen = new Set<number>([from]);
	const queue = [from];
	for (let q = 0; q < queue.length; q++) {
		for (const j of lock.packages[queue[q]!]!.deps ?? []) {
			if (j === target) return true;
			if (!seen.has(j)) {
				seen.add(j);
				queue.push(j);
			}
		}
	}
	return false;
}
