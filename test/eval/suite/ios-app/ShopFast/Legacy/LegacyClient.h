#import <Foundation/Foundation.h>

@interface LegacyClient : NSObject <NSURLSessionDelegate>
- (void)signInWithUser:(NSString *)user password:(NSString *)password;
- (void)storeToken:(NSString *)token;
@end
