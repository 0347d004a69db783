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
 * The search stays inside the packages that can reach `target` at all
 * (computed once per lockfile and target), so it costs little on large
 * lockfiles even when run on every edit.
 */
export function onlyThroughTooling(lock: Lockfile, from: number, target: number): string[] | undefined {
	if (lock.ecosystem !== 'npm' || !lock.hasGraph) return undefined;
	const tooling = toolingFlags(lock);
	const tool = (i: number): boolean => tooling[i] === 1;
	if (tool(target)) return [lock.packages[target]!.name];
	if (from === target) return undefined;
	if (tool(from)) return [lock.packages[from]!.name];
	const up = ancestorsOf(lock, target);
	// Usual case: no tooling package can reach the target at all, so every path ships.
	if (!up.has(from) || !up.tooling) return undefined;
	const seen = new Set<number>([from]);
	const queue = [from];
	const via = new Set<string>();
	for (let q = 0; q < queue.length; q++) {
		for (const j of lock.packages[queue[q]!]!.deps ?? []) {
			if (j === target) return undefined;
			if (seen.has(j) || !up.has(j)) continue;
			seen.add(j);
			// Tooling is not entered: whatever lies behind it does not ship through this path.
			if (tool(j)) via.add(lock.packages[j]!.name);
			else queue.push(j);
		}
	}
	return via.size > 0 ? [...via].sort() : undefined;
}

type Ancestors = Set<number> & { tooling?: boolean };
const ancestorCache = new WeakMap<Lockfile, Map<number, Ancestors>>();
const toolingCache = new WeakMap<Lockfile, Uint8Array>();

/** Which packages of a lockfile are development tooling (the name test runs once per package). */
function toolingFlags(lock: Lockfile): Uint8Array {
	let flags = toolingCache.get(lock);
	if (!flags) {
		flags = new Uint8Array(lock.packages.length);
		lock.packages.forEach((p, i) => {
			if (isNpmDevTooling(p.name)) flags![i] = 1;
		});
		toolingCache.set(lock, flags);
	}
	return flags;
}

/** Packages from which `target` can be reached (reverse edges), and whether tooling is among them; cached per lockfile. */
function ancestorsOf(lock: Lockfile, target: number): Ancestors {
	let perLock = ancestorCache.get(lock);
	if (!perLock) ancestorCache.set(lock, (perLock = new Map()));
	const hit = perLock.get(target);
	if (hit) return hit;
	const rev = reverseEdges(lock);
	const tooling = toolingFlags(lock);
	const out: Ancestors = new Set<number>([target]);
	const queue = [target];
	for (let q = 0; q < queue.length; q++) {
		for (const p of rev[queue[q]!]!) {
			if (!out.has(p)) {
				out.add(p);
				if (tooling[p] === 1) out.tooling = true;
				queue.push(p);
			}
		}
	}
	perLock.set(target, out);
	return out;
}

const reverseCache = new WeakMap<Lockfile, number[][]>();

function reverseEdges(lock: Lockfile): number[][] {
	let rev = reverseCache.get(lock);
	if (!rev) {
		rev = lock.packages.map(() => []);
		lock.packages.forEach((p, i) => {
			for (const j of p.deps ?? []) rev![j]!.push(i);
		});
		reverseCache.set(lock, rev);
	}
	return rev;
}
