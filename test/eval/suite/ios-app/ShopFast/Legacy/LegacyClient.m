#import "LegacyClient.h"
#import <AFNetworking/AFNetworking.h>
#import <CommonCrypto/CommonCrypto.h>
#import <Security/Security.h>

static NSString *const kClientSecret = @"9f8e7d6c5b4a39281706f5e4d3c2b1a0"; // $ Alert[secret-credential-literal]
static NSString *const kTokenKey = @"auth_token"; // the name of a defaults key $ Safe
static NSString *const kLoginURL = @"http://api.shopfast.example/legacy/login"; // $ Alert[cleartext-url-literal]

@implementation LegacyClient

- (void)signInWithUser:(NSString *)user password:(NSString *)password {
    NSLog(@"signing in %@ with %@", user, password); // $ Alert[sensitive-data-logged]
    NSLog(@"signing in %@", user); // $ Safe
    NSURLCredential *service = [NSURLCredential credentialWithUser:@"svc-legacy" password:@"L3gacy-Svc-Pass" persistence:NSURLCredentialPersistenceNone]; // $ Alert[hardcoded-credential-auth|secret-credential-literal]
    NSURLCredential *mine = [NSURLCredential credentialWithUser:user password:password persistence:NSURLCredentialPersistenceForSession]; // $ Safe
    [self useCredentials:@[ service, mine ] url:[NSURL URLWithString:kLoginURL]];
}

- (void)useCredentials:(NSArray *)credentials url:(NSURL *)url {
    AFHTTPSessionManager *manager = [[AFHTTPSessionManager alloc] initWithBaseURL:url];
    manager.securityPolicy.allowInvalidCertificates = YES; // $ Alert[ios-alamofire-afnetworking-trust-disabled]
    manager.securityPolicy.validatesDomainName = NO; // $ Alert[ios-alamofire-afnetworking-trust-disabled]
}

- (void)storeToken:(NSString *)token {
    [[NSUserDefaults standardUserDefaults] setObject:token forKey:kTokenKey]; // $ Alert[ios-userdefaults-sensitive]
    [[NSUserDefaults standardUserDefaults] setBool:YES forKey:@"hasSignedIn"]; // $ Safe
    NSDictionary *item = @{
        (__bridge id)kSecClass: (__bridge id)kSecClassGenericPassword,
        (__bridge id)kSecAttrAccount: @"token",
        (__bridge id)kSecAttrAccessible: (__bridge id)kSecAttrAccessibleAlwaysThisDeviceOnly, // $ Alert[ios-keychain-weak-accessibility]
        (__bridge id)kSecValueData: [token dataUsingEncoding:NSUTF8StringEncoding],
    };
    SecItemAdd((__bridge CFDictionaryRef)item, NULL);
}

- (NSData *)encryptReceipt:(NSData *)plain {
    char keyBytes[kCCKeySizeAES128 + 1] = "0123456789abcdef";
    size_t outLength = 0;
    NSMutableData *out = [NSMutableData dataWithLength:plain.length + kCCBlockSizeAES128];
    CCCrypt(kCCEncrypt, kCCAlgorithmAES128, kCCOptionPKCS7Padding, keyBytes, kCCKeySizeAES128, NULL, plain.bytes, plain.length, out.mutableBytes, out.length, &outLength); // a literal key and a zero IV $ Alert[static-iv-or-hardcoded-key]
    out.length = outLength;
    return out;
}

- (NSString *)hashPassword:(NSString *)password {
    unsigned char digest[CC_MD5_DIGEST_LENGTH];
    const char *utf8 = password.UTF8String;
    CC_MD5(utf8, (CC_LONG)strlen(utf8), digest); // $ Alert[weak-hash|password-hash-fast]
    return [[NSData dataWithBytes:digest length:CC_MD5_DIGEST_LENGTH] base64EncodedStringWithOptions:0];
}

- (NSString *)oneTimeCode {
    srand((unsigned)time(NULL));
    int code = rand() % 1000000; // $ Alert[insecure-random-for-secrets]
    return [NSString stringWithFormat:@"%06d", code];
}

- (NSData *)randomSalt {
    NSMutableData *salt = [NSMutableData dataWithLength:16];
    (void)SecRandomCopyBytes(kSecRandomDefault, 16, salt.mutableBytes); // $ Safe
    return salt;
}

- (void)URLSession:(NSURLSession *)session didReceiveChallenge:(NSURLAuthenticationChallenge *)challenge completionHandler:(void (^)(NSURLSessionAuthChallengeDisposition, NSURLCredential *))completionHandler {
    if ([challenge.protectionSpace.authenticationMethod isEqualToString:NSURLAuthenticationMethodServerTrust]) {
        completionHandler(NSURLSessionAuthChallengeUseCredential, [NSURLCredential credentialForTrust:challenge.protectionSpace.serverTrust]); // no SecTrustEvaluate first $ Alert[ios-server-trust-bypass]
        return;
    }
    completionHandler(NSURLSessionAuthChallengePerformDefaultHandling, nil); // $ Safe
}

@end
