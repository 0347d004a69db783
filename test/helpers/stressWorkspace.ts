import * as fs from 'node:fs';
import * as path from 'node:path';

/** Resident set size of a process in MB (Linux /proc), 0 when unknown. */
export function rssMb(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Math.round(Number(m[1]) / 1024) : 0;
	} catch {
		return 0;
	}
}

const TS = (i: number): string => `import { View, Text } from 'react-native';\n\nexport function Screen${i}({ title }: { title: string }) {\n\tconst items = [1, 2, 3].map((n) => n * ${i});\n\treturn (\n\t\t<View>\n\t\t\t<Text>{title}</Text>\n\t\t\t{items.map((n) => <Text key={n}>{n}</Text>)}\n\t\t</View>\n\t);\n}\n`;
const KT = (i: number): string => `package com.shopfast.f${i % 50}\n\nclass Model${i}(val id: Int, val name: String) {\n    fun label(): String = "$id: $name"\n    fun twice(): Int = id * 2\n}\n`;
const SWIFT = (i: number): string => `import Foundation\n\nstruct Item${i}: Codable {\n    let id: Int\n    let name: String\n    var label: String { "\\(id): \\(name)" }\n}\n`;
const DART = (i: number): string => `class Item${i} {\n  final int id;\n  final String name;\n  const Item${i}(this.id, this.name);\n  String get label => '$id: $name';\n}\n`;
const XML = (i: number): string => `<?xml version="1.0" encoding="utf-8"?>\n<LinearLayout xmlns:android="http://schemas.android.com/apk/res/android" android:layout_width="match_parent" android:layout_height="match_parent">\n    <TextView android:id="@+id/t${i}" android:layout_width="wrap_content" android:layout_height="wrap_content" />\n</LinearLayout>\n`;
/** One file in 30 has something to report (a cleartext endpoint), as a real app's code does. */
const FINDING = (i: number): string => `export const endpoint${i} = 'http://api${i % 7}.shopfast.example/v1';\n`;

/**
 * A generated React Native + native + Flutter workspace of `files` source files spread over
 * nested folders (plus the manifests), for the workspace-scan stress tests.
 */
export function generateWorkspace(root: string, files: number): void {
	fs.mkdirSync(root, { recursive: true });
	fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'stress-app', private: true, dependencies: { 'react-native': '0.74.0', '@react-native-async-storage/async-storage': '1.23.0' } }, null, 2));
	fs.mkdirSync(path.join(root, 'android/app/src/main'), { recursive: true });
	fs.writeFileSync(path.join(root, 'android/app/src/main/AndroidManifest.xml'), '<manifest xmlns:android="http://schemas.android.com/apk/res/android" package="com.shopfast">\n    <application android:label="Shop" />\n</manifest>\n');
	fs.mkdirSync(path.join(root, 'ios/App'), { recursive: true });
	fs.writeFileSync(path.join(root, 'ios/App/Info.plist'), '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.shopfast</string>\n</dict>\n</plist>\n');
	for (let i = 0; i < files; i++) {
		const kind = i % 20;
		let rel: string;
		let text: string;
		if (kind < 12) {
			rel = `src/feature${i % 97}/screens/Screen${i}.tsx`;
			text = TS(i) + (i % 30 === 0 ? FINDING(i) : '');
		} else if (kind < 16) {
			rel = `android/app/src/main/java/com/shopfast/f${i % 50}/Model${i}.kt`;
			text = KT(i);
		} else if (kind < 18) {
			rel = `ios/App/Models/m${i % 40}/Item${i}.swift`;
			text = SWIFT(i);
		} else if (kind < 19) {
			rel = `flutter_module/lib/items/i${i % 30}/item_${i}.dart`;
			text = DART(i);
		} else {
			rel = `android/app/src/main/res/layout-${i % 25}/view_${i}.xml`;
			text = XML(i);
		}
		const abs = path.join(root, rel);
		fs.mkdirSync(path.dirname(abs), { recursive: true });
		fs.writeFileSync(abs, text);
	}
}
