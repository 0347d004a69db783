import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A deterministic corpus shaped like a real React Native app with native
 * folders and a Flutter module: mostly ordinary screens and components with
 * no trigger word (as real code is), some API clients with URLs, manifests
 * and plists. About `targetMb` megabytes.
 */
let seed = 42;
function rnd(n: number): number {
	seed = (seed * 1103515245 + 12345) & 0x7fffffff;
	return seed % n;
}

function tsxScreen(i: number, lines: number, withUrl: boolean): string {
	const out = [`import React, { useState, useEffect } from 'react';`, `import { View, Text, FlatList, Pressable, StyleSheet } from 'react-native';`, `import { useNavigation } from '@react-navigation/native';`, ''];
	out.push(`type Item${i} = { id: string; title: string; price: number; quantity: number };`, '');
	out.push(`export default function Screen${i}({ items }: { items: Item${i}[] }) {`);
	out.push(`  const [selected, setSelected] = useState<string | null>(null);`, `  const navigation = useNavigation();`);
	if (withUrl) out.push(`  const endpoint = ${rnd(3) === 0 ? "'http://api.shop.example/v1/items'" : "'https://api.shop.example/v1/items'"};`);
	while (out.length < lines - 12) {
		const k = rnd(4);
		if (k === 0) out.push(`  useEffect(() => { if (selected) { console.log('selected', selected.length); } }, [selected]);`);
		else if (k === 1) out.push(`  const total${out.length} = items.reduce((sum, it) => sum + it.price * it.quantity, ${rnd(100)});`);
		else if (k === 2) out.push(`  const onPress${out.length} = (id: string) => { setSelected(id); navigation.navigate('Details' as never); };`);
		else out.push(`  const label${out.length} = items.length > ${rnd(50)} ? 'Many items' : 'Few items';`);
	}
	out.push(`  return (`, `    <View style={styles.container}>`, `      <FlatList data={items} keyExtractor={(it) => it.id} renderItem={({ item }) => (`, `        <Pressable onPress={() => setSelected(item.id)}><Text style={styles.title}>{item.title}</Text></Pressable>`, `      )} />`, `    </View>`, `  );`, `}`, '');
	out.push(`const styles = StyleSheet.create({ container: { flex: 1, padding: ${rnd(24)} }, title: { fontSize: ${12 + rnd(8)} } });`);
	return out.join('\n') + '\n';
}

function kotlinFile(i: number, lines: number, withUrl: boolean): string {
	const out = [`package com.shop.feature${i % 20}`, '', 'import android.os.Bundle', 'import androidx.appcompat.app.AppCompatActivity', ''];
	out.push(`class Feature${i}Activity : AppCompatActivity() {`);
	if (withUrl) out.push(`    private val base = "${rnd(3) === 0 ? 'http' : 'https'}://api.shop.example/feature${i}"`);
	while (out.length < lines - 2) out.push(`    private fun compute${out.length}(a: Int, b: Int): Int = if (a > b) a - b * ${rnd(9)} else b + a * ${rnd(9)}`);
	out.push('}');
	return out.join('\n') + '\n';
}

function swiftFile(i: number, lines: number, withUrl: boolean): string {
	const out = ['import UIKit', '', `final class Feature${i}ViewController: UIViewController {`];
	if (withUrl) out.push(`    let base = URL(string: "${rnd(3) === 0 ? 'http' : 'https'}://api.shop.example/f${i}")!`);
	while (out.length < lines - 2) out.push(`    func value${out.length}(_ a: Int, _ b: Int) -> Int { return a > b ? a - b * ${rnd(9)} : b + a }`);
	out.push('}');
	return out.join('\n') + '\n';
}

function dartFile(i: number, lines: number): string {
	const out = ["import 'package:flutter/material.dart';", '', `class Widget${i} extends StatelessWidget {`, `  const Widget${i}({super.key});`, '  @override', '  Widget build(BuildContext context) {', '    return Column(children: ['];
	while (out.length < lines - 3) out.push(`      Text('Row ${out.length}', style: const TextStyle(fontSize: ${10 + rnd(10)})),`);
	out.push('    ]);', '  }', '}');
	return out.join('\n') + '\n';
}

export function generateCorpus(dir: string, targetMb = 15): { files: number; bytes: number } {
	seed = 42;
	fs.rmSync(dir, { recursive: true, force: true });
	let bytes = 0;
	let files = 0;
	const write = (rel: string, text: string): void => {
		const abs = path.join(dir, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
		bytes += Buffer.byteLength(text);
		files++;
	};
	write('package.json', JSON.stringify({ name: 'bench-app', dependencies: { 'react-native': '0.74.1', axios: '1.6.0' } }, null, 2));
	write('app.json', JSON.stringify({ expo: { name: 'Bench', ios: { infoPlist: { NSAppTransportSecurity: { NSAllowsArbitraryLoads: true } } } } }, null, 2));
	write('android/app/src/main/AndroidManifest.xml', '<manifest xmlns:android="http://schemas.android.com/apk/res/android">\n  <application android:usesCleartextTraffic="true" />\n</manifest>\n');
	write('ios/Bench/Info.plist', '<?xml version="1.0"?>\n<plist version="1.0"><dict>\n<key>NSAppTransportSecurity</key>\n<dict><key>NSAllowsArbitraryLoads</key><true/></dict>\n</dict></plist>\n');
	let i = 0;
	const target = targetMb * 1024 * 1024;
	while (bytes < target) {
		const k = i % 10;
		// One file in eight mentions a URL; the rest are trigger-free, as most real code is.
		const withUrl = i % 8 === 0;
		if (k < 6) write(`src/screens/feature${i % 40}/Screen${i}.tsx`, tsxScreen(i, 80 + rnd(300), withUrl));
		else if (k < 8) write(`android/app/src/main/java/com/shop/feature${i % 20}/Feature${i}Activity.kt`, kotlinFile(i, 60 + rnd(200), withUrl));
		else if (k < 9) write(`ios/Bench/Features/Feature${i}ViewController.swift`, swiftFile(i, 60 + rnd(200), withUrl));
		else write(`flutter_module/lib/widgets/widget_${i}.dart`, dartFile(i, 40 + rnd(150)));
		i++;
	}
	// node_modules must be skipped by the walk, not read.
	write('node_modules/some-lib/index.js', "module.exports = 'http://never.scanned.example';\n");
	return { files, bytes };
}

/** A 2,000-line TSX file with a few findings, for the edit-latency measurement. */
export function editLatencyFile(): string {
	seed = 7;
	const parts = [tsxScreen(1, 700, true), tsxScreen(2, 700, true), tsxScreen(3, 600, true)].join('\n');
	return parts.replace(/export default function/g, 'export function');
}
