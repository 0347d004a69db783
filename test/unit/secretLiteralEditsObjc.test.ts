import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { TreeCache } from '../../server/src/engine/parse/treeCache';
import { keptClimbStats } from '../../server/src/engine/rules/secrets/keptClimbs';
import { Rng } from '../fuzz/mutators';
import { compareEditsWithFresh } from '../helpers/randomEdits';

// secret-credential-literal keeps the climbs from credential words that found no bound literal for open
// Objective-C documents too (rules/secrets/keptClimbs.ts; secretLiteralEdits.test.ts has Dart and Swift):
// random edits compared with a fresh analysis, edit after edit.

const OBJC = `#import <Foundation/Foundation.h>

static NSString *const kApiPassword = @"Zq8!mK2pL0xW9v";
static NSString *tokenKey = @"com.shopfast.token";
NSString *sessionToken = @"Rt5!kd9LmQ2xZp";

@implementation Config

- (void)login:(NSString *)token {
    NSURLCredential *credential = [NSURLCredential credentialWithUser:@"admin" password:kApiPassword persistence:NSURLCredentialPersistenceNone];
    [[NSUserDefaults standardUserDefaults] setObject:@"items" forKey:@"lastScreen"];
    NSDictionary *headers = @{ @"token": @"Mq7!xK2pL9zW4b", @"Accept": @"json" };
    putX(@"token", @"Vb8!qZ3mK7xL2p");
    NSLog(@"session refreshed %lu", (unsigned long)token.length);
}

- (NSString *)describe:(NSString *)password {
    NSString *secretValue = @"Kx9!pL2mQ7zW4v";
    NSString *label;
    label = @"Pq3!zL8mK2xW7v";
    return password.length == 0 ? @"none" : @"set";
}

@end
`;

/** Snippets that change what words are bound to: names with credential words, literals, calls that read keys, quotes. */
const SNIPPETS = ['token', 'Password', 'secret', ' ', '\n', '@"Vb8!qZ3mK7xL2p"', '"Vb8!qZ3mK7xL2p"', 'put', 'X', 'apiToken', '"', '@', '// token\n', 'x', ';', 'NSString *apiSecret = '];

test('secret-credential-literal through the edit caches gives a fresh analysis’s findings (Objective-C)', async () => {
	const name = '/app/ios/Config.m';
	const trees = new TreeCache();
	const first = await analyze(name, OBJC, { trees, treeKey: 'doc', noteUnparsedSyntax: false });
	assert.ok(first.findings.some((f) => f.ruleId === 'secret-credential-literal'), 'the text has findings of the rule');
	const kept = keptClimbStats.kept;
	const r = new Rng(31);
	const compared = await compareEditsWithFresh(name, OBJC, trees, () => r.next(), SNIPPETS, 240, name);
	assert.ok(compared >= 40, `${compared} states compared`);
	// The memo was used: climbs were carried over (else this test proves nothing about it).
	assert.ok(keptClimbStats.kept - kept > 50, `${keptClimbStats.kept - kept} climbs kept`);
});

