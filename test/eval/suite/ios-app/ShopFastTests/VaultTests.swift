import CryptoKit
import XCTest
@testable import ShopFast

final class VaultTests: XCTestCase {
    func testKnownAnswer() throws {
        let key = SymmetricKey(data: "test-key-32-bytes-long-012345678".data(using: .utf8)!) // test code $ Safe
        let sealed = try AES.GCM.seal(Data("hello".utf8), using: key)
        print("password for the fixture: hunter2") // $ Safe
        XCTAssertNotNil(sealed.combined)
    }
}
