import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { FileKind } from '../../server/src/engine/files';
import type { FlowValue, SinkKind } from '../../server/src/engine/flow';
import { flowFixture } from '../helpers/flow';

/** Fact kinds (and source model ids) of the values reaching sinks of `kinds` on `line`. */
async function reaching(kind: FileKind, code: string, kinds: SinkKind[], line: number): Promise<{ kinds: string[]; models: string[]; values: FlowValue[] }> {
	const f = await flowFixture(kind, code);
	try {
		const hits = f.flow.sinks(kinds).filter((h) => f.line(h.start) === line);
		assert.ok(hits.length > 0, `no ${kinds.join('/')} sink on line ${line}; sinks on ${f.flow.sinks(kinds).map((h) => f.line(h.start)).join(', ')}`);
		const values = hits.flatMap((h) => h.args.map((a) => f.flow.valueOf(a)));
		return {
			kinds: [...new Set(values.flatMap((v) => v.origins.map((o) => o.fact.kind)))].sort(),
			models: [...new Set(values.flatMap((v) => v.origins.map((o) => o.fact.model ?? '')))].filter(Boolean).sort(),
			values,
		};
	} finally {
		f.dispose();
	}
}

describe('React Native sources passed by name (issue 13)', () => {
	test('a class method passed to Linking.addEventListener receives the deep-link event', async () => {
		const code = `class App extends React.Component {
  componentDidMount() { Linking.addEventListener('url', this.onUrl); }
  onUrl = ({ url }) => {
    Linking.openURL(url);
  };
}`;
		const r = await reaching('tsx', code, ['open-url'], 4);
		assert.deepEqual(r.models, ['rn-ipc.url-listener']);
	});

	test('a method declared in the class body, and a function declaration', async () => {
		const code = `class App {
  componentDidMount() { Linking.addEventListener('url', this.handle); }
  handle(event) { Linking.openURL(event.url); }
}
function onLink(e) { Linking.openURL(e.url); }
Linking.addEventListener('url', onLink);
Linking.addEventListener('change', other);
function other(e) { Linking.openURL(e.url); }`;
		assert.deepEqual((await reaching('typescript', code, ['open-url'], 3)).models, ['rn-ipc.url-listener']);
		assert.deepEqual((await reaching('typescript', code, ['open-url'], 5)).models, ['rn-ipc.url-listener']);
		assert.deepEqual((await reaching('typescript', code, ['open-url'], 8)).kinds.includes('untrusted'), false, "only the 'url' event");
	});

	test('onMessage handlers by name and through useCallback, on WebViews only', async () => {
		const code = `import { WebView } from 'react-native-webview';
function Screen() {
  const handle = (event) => { navigation.navigate(event.nativeEvent.data); };
  const onMessage = useCallback((e) => { const { nativeEvent } = e; navigation.navigate(JSON.parse(nativeEvent['data']).screen); }, []);
  const onChat = (m) => { navigation.navigate(m.room); };
  return <><WebView onMessage={handle} /><WebView onMessage={onMessage} /><ChatList onMessage={onChat} /></>;
}`;
		assert.ok((await reaching('tsx', code, ['navigation'], 3)).kinds.includes('untrusted'));
		assert.ok((await reaching('tsx', code, ['navigation'], 4)).models.includes('rn-ipc.on-message'));
		assert.deepEqual((await reaching('tsx', code, ['navigation'], 5)).kinds.includes('untrusted'), false, 'a chat list is no WebView');
	});

	test('redux-saga: a deep-link action handler, yield and call(fn, arg)', async () => {
		const code = `import { call, put, takeLatest } from 'redux-saga/effects';
const finish = function* finish(params) {
  yield put(loginRequest({ resume: params.token }, true));
};
const handleOpen = function* handleOpen({ params }) {
  const server = yield select(currentServer);
  yield put(loginRequest({ resume: params.token }, true));
  yield call(finish, params);
  yield call(setToken, params.token);
};
const handleOther = function* handleOther({ params }) {
  yield put(loginRequest({ resume: params.token }));
};
export default function* root() {
  yield takeLatest(types.DEEP_LINKING.OPEN, handleOpen);
  yield takeLatest(types.LOGIN.REQUEST, handleOther);
}`;
		assert.deepEqual((await reaching('javascript', code, ['auth-credential'], 7)).models, ['rn-ipc.saga-deep-link-action']);
		assert.deepEqual((await reaching('javascript', code, ['auth-credential'], 3)).models, ['rn-ipc.saga-deep-link-action'], 'through call(finish, params)');
		assert.deepEqual((await reaching('javascript', code, ['auth-credential'], 9)).models, ['rn-ipc.saga-deep-link-action'], 'call(setToken, token) is a login sink');
		assert.deepEqual((await reaching('javascript', code, ['auth-credential'], 12)).kinds.includes('untrusted'), false, 'other actions are not links');
	});

	test('URL parsing keeps the link: new URL(…).searchParams.get, through a helper', async () => {
		const code = `function param(url: string, name: string): string {
  return new URL(url).searchParams.get(name) ?? '';
}
Linking.addEventListener('url', ({ url }) => void signInWithToken(param(url, 'host'), param(url, 'token')));
const initial = await Linking.getInitialURL();
Linking.openURL(queryString.parse(initial.split('?')[1]).next);`;
		assert.ok((await reaching('typescript', code, ['auth-credential'], 4)).models.includes('rn-ipc.url-listener'));
		assert.ok((await reaching('typescript', code, ['open-url'], 6)).models.includes('rn-ipc.initial-url'));
	});

	test('push-notification actions are not links; account actions are sinks', async () => {
		const code = `function* handleClickCallPush({ params }) {
  yield put(loginRequest({ resume: params.token }));
}
function* handleOpen({ params }) {
  yield put(confirmPayment(params.paymentId));
  yield put(updateEmail(params.email));
}
export default function* root() {
  yield takeLatest(types.DEEP_LINKING.OPEN_VIDEO_CONF, handleClickCallPush);
  yield takeLatest(types.DEEP_LINKING.OPEN, handleOpen);
}`;
		assert.equal((await reaching('javascript', code, ['auth-credential'], 2)).kinds.includes('untrusted'), false, 'a push payload comes from the app\'s server');
		assert.deepEqual((await reaching('javascript', code, ['account-action'], 5)).models, ['rn-ipc.saga-deep-link-action']);
		assert.deepEqual((await reaching('javascript', code, ['account-action'], 6)).models, ['rn-ipc.saga-deep-link-action']);
	});
});
