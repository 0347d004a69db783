#import <AFNetworking/AFNetworking.h>

@implementation LegacyApiClient
- (void)configureInsecure:(AFHTTPSessionManager *)manager {
    manager.securityPolicy.allowInvalidCertificates = YES;
}

// Safe twin: keep host name validation on.
- (void)configureStrict:(AFHTTPSessionManager *)manager {
    manager.securityPolicy.validatesDomainName = YES;
}
@end
