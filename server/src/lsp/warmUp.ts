import { analyze, type AnalyzeOptions } from '../engine/analyze';
import type { FileKind } from '../engine/files';
import { TreeCache } from '../engine/parse/treeCache';

/**
 * The first keystrokes in a file ran code nothing had run yet: V8 compiled the incremental paths (the
 * document's edit, the tree's reparse, carrying answers and kept conclusions, moving findings) on the
 * first edits of each language, and those took 17-35 ms where the next took 3-8 (the edit benchmark's p95
 * of 60 keystrokes is mostly those). So the first analysis of a language in this process is followed by a
 * few keystrokes typed in a small sample of the same language, through its own caches: the same code
 * paths, compiled before the user types. 15-58 ms once per language, after the first diagnostics
 * of that language are computed and before they are sent.
 *
 * The samples are code of the kind a mobile app has (a store write, a log call, a network call, a login
 * with a random draw), so the rules that usually run on an edit run here too. Their findings are
 * thrown away; nothing of the user's is read or kept.
 */
export class WarmUp {
	private readonly done = new Set<FileKind>();

	/** `run`: the analysis (the tests count its calls). */
	constructor(private readonly run: typeof analyze = analyze) {}

	/** Types a few keystrokes in the sample of `kind`, once per kind per process (kinds without a sample: nothing). */
	async after(kind: FileKind | undefined, opts: Pick<AnalyzeOptions, 'settings' | 'project'>): Promise<void> {
		if (!kind || this.done.has(kind)) return;
		this.done.add(kind);
		const sample = WARM_UP_SAMPLES[kind];
		if (!sample) return;
		const trees = new TreeCache();
		const name = `/mobsec-warm-up/src/${sample.name}`;
		try {
			const lines = sample.text.split('\n');
			await this.run(name, lines.join('\n'), { ...opts, trees, treeKey: 'warm-up', noteUnparsedSyntax: false });
			for (let i = 0; i < EDITS; i++) {
				// One space at the end of a line in the body, as the edit benchmark and a user type.
				const l = 2 + ((i * 5) % (lines.length - 3));
				lines[l] += ' ';
				await this.run(name, lines.join('\n'), { ...opts, trees, treeKey: 'warm-up', noteUnparsedSyntax: false });
			}
		} catch {
			// A warm-up is an optimisation only: whatever went wrong here shows up, if at all, in real analyses.
		} finally {
			trees.clear();
		}
	}
}

const EDITS = 4;

const KOTLIN = `package app.warmup

import android.content.Context
import android.util.Log

class Session(private val context: Context) {
    private val prefs = context.getSharedPreferences("session", Context.MODE_PRIVATE)
    private var token: String? = null

    fun save(name: String, value: String) {
        val key = "k_" + name
        prefs.edit().putString(key, value).apply()
        Log.d("Session", "saved " + name)
    }

    fun load(name: String): String? {
        val v = prefs.getString("k_" + name, null)
        token = v
        return v
    }

    fun url(path: String): String = "https://api.example.com/" + path

    fun login(user: String, password: String): Int {
        val nonce = kotlin.random.Random.nextInt()
        Log.d("Session", "login " + user)
        return (user + password + nonce).hashCode()
    }
}
`;

const JAVA = `package app.warmup;

import android.content.Context;
import android.content.SharedPreferences;
import android.util.Log;

public class Session {
    private final SharedPreferences prefs;
    private String token;

    public Session(Context context) {
        prefs = context.getSharedPreferences("session", Context.MODE_PRIVATE);
    }

    public void save(String name, String value) {
        String key = "k_" + name;
        prefs.edit().putString(key, value).apply();
        Log.d("Session", "saved " + name);
    }

    public String load(String name) {
        String v = prefs.getString("k_" + name, null);
        token = v;
        return v;
    }

    public int login(String user, String password) {
        int nonce = new java.util.Random().nextInt();
        Log.d("Session", "login " + user);
        return (user + password + nonce).hashCode();
    }
}
`;

const SWIFT = `import Foundation

final class Session {
    private let defaults = UserDefaults.standard
    private var token: String?

    func save(name: String, value: String) {
        let key = "k_" + name
        defaults.set(value, forKey: key)
        print("saved \\(name)")
    }

    func load(name: String) -> String? {
        let v = defaults.string(forKey: "k_" + name)
        token = v
        return v
    }

    func url(path: String) -> URL? {
        return URL(string: "https://api.example.com/" + path)
    }

    func login(user: String, password: String) -> Int {
        let nonce = Int(arc4random())
        print("login \\(user)")
        return (user + password).count + nonce
    }
}
`;

const OBJC = `#import <Foundation/Foundation.h>

@implementation Session

- (void)save:(NSString *)name value:(NSString *)value {
    NSString *key = [@"k_" stringByAppendingString:name];
    [[NSUserDefaults standardUserDefaults] setObject:value forKey:key];
    NSLog(@"saved %@", name);
}

- (NSString *)load:(NSString *)name {
    NSString *v = [[NSUserDefaults standardUserDefaults] stringForKey:name];
    self.token = v;
    return v;
}

- (NSURL *)url:(NSString *)path {
    return [NSURL URLWithString:[@"https://api.example.com/" stringByAppendingString:path]];
}

- (NSUInteger)login:(NSString *)user password:(NSString *)password {
    NSUInteger nonce = arc4random();
    NSLog(@"login %@", user);
    return user.length + password.length + nonce;
}

@end
`;

const DART = `import 'dart:math';

import 'package:shared_preferences/shared_preferences.dart';

class Session {
  String? token;

  Future<void> save(String name, String value) async {
    final prefs = await SharedPreferences.getInstance();
    final key = 'k_' + name;
    await prefs.setString(key, value);
    print('saved ' + name);
  }

  Future<String?> load(String name) async {
    final prefs = await SharedPreferences.getInstance();
    final v = prefs.getString('k_' + name);
    token = v;
    return v;
  }

  Uri url(String path) => Uri.parse('https://api.example.com/' + path);

  int login(String user, String password) {
    final nonce = Random().nextInt(1000);
    print('login ' + user);
    return (user + password).length + nonce;
  }
}
`;

const TS = `import AsyncStorage from '@react-native-async-storage/async-storage';

export class Session {
  private token: string | null = null;

  async save(name: string, value: string): Promise<void> {
    const key = 'k_' + name;
    await AsyncStorage.setItem(key, value);
    console.log('saved ' + name);
  }

  async load(name: string): Promise<string | null> {
    const v = await AsyncStorage.getItem('k_' + name);
    this.token = v;
    return v;
  }

  url(path: string): string {
    return 'https://api.example.com/' + path;
  }

  async login(user: string, password: string): Promise<Response> {
    const nonce = Math.random().toString(36);
    return fetch(this.url('login'), { method: 'POST', body: JSON.stringify({ user, password, nonce }) });
  }
}
`;

export const WARM_UP_SAMPLES: Partial<Record<FileKind, { name: string; text: string }>> = {
	kotlin: { name: 'Session.kt', text: KOTLIN },
	java: { name: 'Session.java', text: JAVA },
	swift: { name: 'Session.swift', text: SWIFT },
	objc: { name: 'Session.m', text: OBJC },
	dart: { name: 'session.dart', text: DART },
	typescript: { name: 'session.ts', text: TS },
	tsx: { name: 'session.tsx', text: TS },
	javascript: { name: 'session.js', text: TS.replace(/: Promise<[^>]*>|: string \| null|: string/g, '').replace('private ', '') },
};
