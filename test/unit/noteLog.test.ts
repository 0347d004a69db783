import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { NoteLog } from '../../server/src/lsp/noteLog';

// The language server logs an open document's analysis notes when they change (lsp/noteLog.ts): the same
// notes in another order (answers carried across an edit replay theirs where they are asked) are not a change.

test('notes are logged once per set: a new order is not logged again, a new or removed note is', () => {
	const logged: string[] = [];
	const log = new NoteLog((m) => logged.push(m));
	log.record('file:///a.java', 'a.java', ['flow: cap at line 3', 'flow: cap at line 9']);
	assert.deepEqual(logged, ['a.java: flow: cap at line 3', 'a.java: flow: cap at line 9']);
	log.record('file:///a.java', 'a.java', ['flow: cap at line 9', 'flow: cap at line 3']);
	assert.equal(logged.length, 2, 'the same notes in another order were logged again');
	log.record('file:///a.java', 'a.java', ['flow: cap at line 9', 'flow: cap at line 3', 'flow: cap at line 3']);
	assert.equal(logged.length, 2, 'a note repeated is the same set');
	log.record('file:///a.java', 'a.java', ['flow: cap at line 9']);
	assert.deepEqual(logged.slice(2), ['a.java: flow: cap at line 9']);
	log.record('file:///a.java', 'a.java', []);
	assert.equal(logged.length, 3, 'no notes: nothing to log');
	log.record('file:///a.java', 'a.java', ['flow: cap at line 9']);
	assert.equal(logged.length, 4, 'notes back after none are logged');
});

test('each document has its own last notes; forget() logs the same notes again after a reopen; multi-line notes are logged line by line', () => {
	const logged: string[] = [];
	const log = new NoteLog((m) => logged.push(m));
	log.record('file:///a.kt', 'a.kt', ['syntax errors at line 2']);
	log.record('file:///b.kt', 'b.kt', ['syntax errors at line 2']);
	assert.equal(logged.length, 2);
	log.forget('file:///a.kt');
	log.record('file:///a.kt', 'a.kt', ['syntax errors at line 2']);
	log.record('file:///b.kt', 'b.kt', ['syntax errors at line 2']);
	assert.equal(logged.length, 3);
	log.record('file:///c.kt', 'c.kt', ['first\nsecond']);
	assert.deepEqual(logged.slice(3), ['c.kt: first', 'c.kt: second']);
});
