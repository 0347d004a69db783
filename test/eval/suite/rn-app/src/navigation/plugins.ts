import { Buffer } from 'buffer';

/** Runs merchant "widgets" downloaded at runtime. */
export function runWidget(source: string): unknown {
	return eval(source); // $ Alert[rn-dynamic-code-eval]
}

export function makeFormatter(body: string): (v: number) => string {
	return new Function('v', body) as (v: number) => string; // $ Alert[rn-dynamic-code-eval]
}

export function runPacked(payload: string): unknown {
	return eval(Buffer.from(payload, 'base64').toString('utf8')); // $ Alert[rn-dynamic-code-eval]
}

export function scheduleRefresh(): void {
	setTimeout('globalThis.refreshWidgets()', 1000); // a string is evaluated $ Alert[rn-dynamic-code-eval]
	setTimeout(() => (globalThis as { refreshWidgets?: () => void }).refreshWidgets?.(), 1000); // $ Safe
}

export function parseWidget(json: string): unknown {
	return JSON.parse(json); // $ Safe
}
