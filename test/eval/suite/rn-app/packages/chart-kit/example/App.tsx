// The example app of a vendored library: a demo that is never part of the ShopFast bundle.
import React from 'react';
import { Text } from 'react-native';

const DEMO_API = 'http://demo.chart-kit.example/data'; // the library's demo backend $ Safe

export default function App() {
	const sessionId = Math.random().toString(16); // demo only $ Safe
	React.useEffect(() => void fetch(`${DEMO_API}?session=${sessionId}`), [sessionId]); // demo only $ Safe
	return <Text>chart-kit demo</Text>;
}
