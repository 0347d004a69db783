import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FlowValue } from '../../server/src/engine/flow';
import { flowFixture } from '../helpers/flow';

/**
 * QueryBudget.skipFills: a query about the object itself (where it was made) leaves out what was put in
 * it. The storage rules ask it of a preference write's receiver (writes.ts madeFrom): whether
 * `outState.putString(…)` writes to a SharedPreferences does not depend on the values the Bundle holds.
 */

const viaFill = (v: FlowValue): boolean => v.origins.some((o) => o.steps.some((s) => s.kind === 'fill'));

const JAVA = `class A {
  void save(Bundle outState) {
    outState.putString("reply", "msg-1234");
    outState.putString("refs", buildRefs());
    consume(outState);
  }
  String buildRefs() { return "ref-5678"; }
  void keep(SharedPreferences.Editor editor) {
    SharedPreferences prefs = context.getSharedPreferences("app", 0);
    SharedPreferences.Editor e = prefs.edit();
    e.putString("k", "v-0000");
  }
}
`;

describe('flow: queries that leave out what a container was filled with (skipFills)', () => {
	test('a Bundle filled with putString: its contents are origins of the Bundle, and none when fills are left out', async () => {
		const f = await flowFixture('java', JAVA);
		try {
			const bundle = f.at('outState', 3);
			const all = f.flow.valueOf(bundle);
			assert.ok(viaFill(all), JSON.stringify(all.origins.map((o) => [o.fact.kind, o.steps.map((s) => s.kind)])));
			const made = f.flow.valueOf(bundle, { skipFills: true });
			assert.equal(viaFill(made), false, JSON.stringify(made.origins));
			assert.ok(!made.origins.some((o) => o.fact.kind === 'constant'), JSON.stringify(made.origins));
		} finally {
			f.dispose();
		}
	});

	test('the two kinds of query share no answers on a tree, in either order', async () => {
		for (const skipFirst of [true, false]) {
			const f = await flowFixture('java', JAVA);
			try {
				const bundle = f.at('outState', 3);
				const first = f.flow.valueOf(bundle, skipFirst ? { skipFills: true } : {});
				const second = f.flow.valueOf(bundle, skipFirst ? {} : { skipFills: true });
				const [made, all] = skipFirst ? [first, second] : [second, first];
				assert.ok(viaFill(all), `skipFills first: ${skipFirst}`);
				assert.equal(viaFill(made), false, `skipFills first: ${skipFirst}`);
			} finally {
				f.dispose();
			}
		}
	});

	test('where an editor was made is still found: prefs.edit() on getSharedPreferences', async () => {
		const f = await flowFixture('java', JAVA);
		try {
			// The receiver `e` of `e.putString(…)`.
			const call = f.at('e.putString("k"');
			const receiver = call.type === 'identifier' ? call : call.namedChildren.find((c) => c?.type === 'identifier' && c.text === 'e');
			assert.ok(receiver && receiver.text === 'e', call.type);
			for (const budget of [{}, { skipFills: true }]) {
				const v = f.flow.valueOf(receiver, budget);
				const models = v.origins.map((o) => o.fact.model);
				assert.ok(models.includes('storage.android-shared-prefs'), `${JSON.stringify(budget)}: ${JSON.stringify(v.origins.map((o) => [o.fact.kind, o.fact.model]))}`);
			}
		} finally {
			f.dispose();
		}
	});
});
