/**
 * A Kotlin class that loads `n` properties from storage and saves them as preferences, each inside a
 * `with(data) { … }` block (the shape of thunderbird's LegacyAccountStorageHandler.kt): `load()` assigns
 * `name<i> = storage.getString("n<i>", null)`, `save()` writes `editor.putString("n<i>", name<i>)`.
 */
export function kotlinLoadSave(n: number, storageType: string): string {
	const load = ['    fun load(data: Account) {', '        with(data) {'];
	const save = ['    fun save(data: Account, editor: SharedPreferences.Editor) {', '        with(data) {'];
	for (let i = 0; i < n; i++) {
		load.push(`            name${i} = storage.getString("n${i}", null)`);
		save.push(`            editor.putString("n${i}", name${i})`);
	}
	return [`class AccountStore(private val storage: ${storageType}) {`, ...load, '        }', '    }', ...save, '        }', '    }', '}', ''].join('\n');
}
