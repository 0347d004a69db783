import type { GrammarName } from '../files';

/**
 * Load-time repairs of defects in the grammar binaries we ship as their packages built them.
 *
 * tree-sitter-swift's external scanner (the build in tree-sitter-wasms; the grammar's scanner.c still reads
 * so in 0.7.1) creates its state with `calloc(0, sizeof(struct ScannerState))`: zero elements. The 4-byte
 * state, the `#` count of the raw string being scanned, then lies in the allocator's slack and starts as
 * whatever the allocator left there (a free-list pointer), never 0, and every serialised token state
 * carries that value on. Outside error recovery nothing reads it. In error recovery every external token is
 * tried, and the raw-string scanner, believing itself inside a raw string closed by millions of `#`, reads
 * to the end of the file, at every character the recovery tries. A GLR branch that dies at a class header
 * (`final class Name`, where `class` could also start a member like `class func`) does exactly that, so
 * every parse of a class header re-read the rest of the file about ten times. Measured on rocketchat-rn's
 * VoipService.swift repeated to 117 KB: a keystroke's reparse 25-40 ms → ~1 ms, a full parse ~2x faster,
 * the same tree (test/unit/grammarFixes.test.ts).
 *
 * The repair makes the call `calloc(1, …)`: one byte of the function's body, and only when the body is
 * exactly the defective one; any other build of a grammar is loaded as it is.
 */
interface BinaryFix {
	/** The function to repair, by its export name. */
	exported: string;
	/** Its whole body (locals, code, end), hex, with `??` where the callee's index goes; the callee must be the import named `callee`. */
	body: string;
	callee: string;
	/** Offset in the body of the byte to change, and its new value. */
	at: number;
	to: number;
}

const FIXES: Partial<Record<GrammarName, BinaryFix>> = {
	// (no locals) i32.const 0; i32.const 4; call $calloc; end  →  i32.const 1 …
	swift: { exported: 'tree_sitter_swift_external_scanner_create', body: '00 41 00 41 04 10 ?? 0b', callee: 'calloc', at: 2, to: 0x01 },
};

/** The grammar's binary, repaired when it has a known defect (then a copy; `bytes` itself is never changed). */
export function repairGrammar(name: GrammarName, bytes: Uint8Array): Uint8Array {
	const fix = FIXES[name];
	if (!fix) return bytes;
	const at = defectAt(bytes, fix);
	if (at === undefined) return bytes;
	const out = new Uint8Array(bytes);
	out[at] = fix.to;
	return out;
}

/**
 * Offset in the file of the byte to change, when the exported function's body is the defective one.
 * A reader of the three sections it needs (imports, exports, code) of the WebAssembly binary format:
 * none of our dependencies reads wasm, and anything it does not expect makes it answer "no defect".
 */
function defectAt(bytes: Uint8Array, fix: BinaryFix): number | undefined {
	try {
		const r = new Reader(bytes);
		if (r.u32le() !== 0x6d736100 || r.u32le() !== 1) return undefined;
		const importedFuncs: string[] = [];
		let funcIndex: number | undefined;
		let code: number | undefined;
		while (!r.done()) {
			const id = r.byte();
			const size = r.leb();
			const end = r.pos + size;
			if (id === 2) {
				for (let n = r.leb(), i = 0; i < n; i++) {
					r.name();
					const field = r.name();
					const kind = r.byte();
					if (kind === 0) {
						r.leb();
						importedFuncs.push(field);
					} else if (kind === 1) {
						r.byte();
						r.limits();
					} else if (kind === 2) r.limits();
					else if (kind === 3) r.skip(2);
					else return undefined;
				}
			} else if (id === 7) {
				for (let n = r.leb(), i = 0; i < n; i++) {
					const field = r.name();
					const kind = r.byte();
					const index = r.leb();
					if (kind === 0 && field === fix.exported) funcIndex = index;
				}
			} else if (id === 10) code = r.pos;
			r.pos = end;
		}
		if (funcIndex === undefined || code === undefined || funcIndex < importedFuncs.length) return undefined;
		r.pos = code;
		const local = funcIndex - importedFuncs.length;
		const count = r.leb();
		if (local >= count) return undefined;
		for (let i = 0; i < local; i++) r.skip(r.leb());
		const size = r.leb();
		const start = r.pos;
		const want = fix.body.split(' ');
		if (size !== want.length) return undefined;
		for (let i = 0; i < want.length; i++) {
			const b = bytes[start + i]!;
			if (want[i] === '??') {
				if (importedFuncs[b] !== fix.callee || b >= 0x80) return undefined;
			} else if (b !== parseInt(want[i]!, 16)) return undefined;
		}
		return start + fix.at;
	} catch {
		return undefined;
	}
}

class Reader {
	pos = 0;
	constructor(private readonly bytes: Uint8Array) {}
	done(): boolean {
		return this.pos >= this.bytes.length;
	}
	byte(): number {
		if (this.pos >= this.bytes.length) throw new RangeError('end of binary');
		return this.bytes[this.pos++]!;
	}
	u32le(): number {
		return (this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)) >>> 0;
	}
	/** Unsigned LEB128 (at most 5 bytes: every count and index here is a u32). */
	leb(): number {
		let v = 0;
		for (let shift = 0; shift < 35; shift += 7) {
			const b = this.byte();
			v += (b & 0x7f) * 2 ** shift;
			if (!(b & 0x80)) return v;
		}
		throw new RangeError('LEB128 too long');
	}
	name(): string {
		const n = this.leb();
		const s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, Math.min(n, this.bytes.length - this.pos)).toString('utf8');
		this.skip(n);
		return s;
	}
	limits(): void {
		const flags = this.byte();
		this.leb();
		if (flags & 1) this.leb();
	}
	skip(n: number): void {
		if (this.pos + n > this.bytes.length) throw new RangeError('end of binary');
		this.pos += n;
	}
}
