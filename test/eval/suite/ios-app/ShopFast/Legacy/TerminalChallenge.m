#import <Foundation/Foundation.h>

@interface TerminalChallenge : NSObject
@end

@implementation TerminalChallenge

+ (NSURLCredential *)credentialFor:(NSURLAuthenticationChallenge *)challenge
{
  return [NSURLCredential credentialForTrust:challenge.protectionSpace.serverTrust];
}

+ (void)answer:(NSURLAuthenticationChallenge *)challenge completionHandler:(void (^)(NSURLSessionAuthChallengeDisposition, NSURLCredential *))completionHandler
{
  NSURLCredential *credential = [self credentialFor:challenge];
  completionHandler(NSURLSessionAuthChallengeUseCredential, credential); // built by a helper, never evaluated $ Alert[ios-server-trust-bypass]
}

+ (void)answerChecked:(NSURLAuthenticationChallenge *)challenge completionHandler:(void (^)(NSURLSessionAuthChallengeDisposition, NSURLCredential *))completionHandler
{
  SecTrustRef trust = challenge.protectionSpace.serverTrust;
  if (trust == NULL || !SecTrustEvaluateWithError(trust, NULL)) {
    completionHandler(NSURLSessionAuthChallengeCancelAuthenticationChallenge, nil);
    return;
  }
  completionHandler(NSURLSessionAuthChallengeUseCredential, [NSURLCredential credentialForTrust:trust]); // $ Safe
}

@end
