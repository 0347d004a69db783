import { JVM, type ModelSet } from './types';

/**
 * Authentication APIs: where a password, passphrase or signing secret is handed
 * to something that authenticates with it (`auth-credential` sinks), and the
 * wrappers a credential goes through on the way (steps). A constant that
 * reaches one of these is a hard-coded credential (`hardcoded-credential-auth`).
 * `Authorization` headers are found by their header name, wherever the request
 * is built (`rules/secrets/authSinks.ts`), not listed per HTTP client here.
 */
export const AUTH: ModelSet = {
	family: 'auth',
	sinks: [
		// JVM: java.net.Authenticator, OkHttp, Spring, KeyStore / KeyManagerFactory passwords, WebView HTTP auth
		{ id: 'auth.jvm-password-authentication', langs: JVM, method: 'PasswordAuthentication', ctor: true, minArgs: 2, sink: 'auth-credential', args: [1], label: 'PasswordAuthentication' },
		{ id: 'auth.okhttp-credentials-basic', langs: JVM, receiver: '(?:okhttp3\\.)?Credentials', method: 'basic', minArgs: 2, sink: 'auth-credential', args: [1], label: 'Credentials.basic' },
		{ id: 'auth.jvm-set-basic-auth', langs: JVM, method: 'setBasicAuth|basicAuthentication|basicAuth', minArgs: 2, sink: 'auth-credential', args: [1], label: 'basic authentication' },
		{ id: 'auth.android-http-auth-handler', langs: JVM, method: 'proceed', receiver: '\\w*[Hh]andler', minArgs: 2, sink: 'auth-credential', args: [1], label: 'HttpAuthHandler.proceed' },
		{ id: 'auth.jvm-keystore-load', langs: JVM, method: 'load', receiverType: 'KeyStore', minArgs: 2, sink: 'auth-credential', args: [1], label: 'KeyStore.load' },
		{ id: 'auth.jvm-keystore-get-key', langs: JVM, method: 'getKey|setKeyEntry', receiverType: 'KeyStore', minArgs: 2, sink: 'auth-credential', args: [1, 2], label: 'the KeyStore key password' },
		{ id: 'auth.jvm-key-manager-init', langs: JVM, method: 'init', receiverType: 'KeyManagerFactory', minArgs: 2, sink: 'auth-credential', args: [1], label: 'KeyManagerFactory.init' },
		{ id: 'auth.jvm-password-protection', langs: JVM, method: 'PasswordProtection', ctor: true, minArgs: 1, sink: 'auth-credential', args: [0], label: 'KeyStore.PasswordProtection' },
		// JWT signing secrets: jjwt signWith(…), auth0 java-jwt Algorithm.HMAC256(…)
		{ id: 'auth.jjwt-sign-with', langs: JVM, method: 'signWith', minArgs: 1, sink: 'auth-credential', args: ['all'], label: 'the JWT signing key (signWith)' },
		{ id: 'auth.java-jwt-hmac', langs: JVM, receiver: '(?:com\\.auth0\\.jwt\\.algorithms\\.)?Algorithm', method: 'HMAC256|HMAC384|HMAC512', minArgs: 1, sink: 'auth-credential', args: [0], label: 'the JWT HMAC secret (Algorithm.HMAC256)' },
		// Firebase Auth with a password in the code
		{ id: 'auth.firebase-jvm-sign-in', langs: JVM, method: 'signInWithEmailAndPassword|createUserWithEmailAndPassword', minArgs: 2, sink: 'auth-credential', args: [1], label: 'Firebase signInWithEmailAndPassword' },
		// SQLCipher passphrases
		{ id: 'auth.sqlcipher-open', langs: JVM, receiver: '(?:net\\.sqlcipher\\.database\\.|net\\.zetetic\\.database\\.sqlcipher\\.)?SQLiteDatabase', method: 'openOrCreateDatabase|openDatabase', minArgs: 3, sink: 'auth-credential', args: [1], label: 'the SQLCipher passphrase' },
		{ id: 'auth.sqlcipher-support-factory', langs: JVM, method: 'SupportFactory|SupportOpenHelperFactory', ctor: true, minArgs: 1, sink: 'auth-credential', args: [0], label: 'the SQLCipher passphrase (SupportFactory)' },
		{ id: 'auth.sqlcipher-open-helper', langs: JVM, method: 'getWritableDatabase|getReadableDatabase', minArgs: 1, sink: 'auth-credential', args: [0], label: 'the SQLCipher passphrase' },
		// Swift: URLCredential, Alamofire, Firebase
		{ id: 'auth.swift-url-credential', langs: ['swift'], method: 'URLCredential', sink: 'auth-credential', args: [{ label: 'password' }], label: 'URLCredential' },
		{ id: 'auth.alamofire-authenticate', langs: ['swift'], method: 'authenticate', sink: 'auth-credential', args: [{ label: 'password' }], label: 'Alamofire authenticate' },
		{ id: 'auth.alamofire-authorization', langs: ['swift'], method: 'authorization', sink: 'auth-credential', args: [{ label: 'password' }, { label: 'bearerToken' }], label: 'HTTPHeader.authorization' },
		{ id: 'auth.firebase-swift-sign-in', langs: ['swift'], method: 'signIn|createUser', sink: 'auth-credential', args: [{ label: 'password' }], label: 'Firebase Auth signIn' },
		// Objective-C: NSURLCredential, AFNetworking
		{ id: 'auth.objc-url-credential', langs: ['objc'], method: 'credentialWithUser:password:persistence:|initWithUser:password:persistence:', sink: 'auth-credential', args: [{ label: 'password' }], label: 'NSURLCredential' },
		{ id: 'auth.objc-afnetworking-basic', langs: ['objc'], method: 'setAuthorizationHeaderFieldWithUsername:password:', sink: 'auth-credential', args: [{ label: 'password' }], label: 'AFNetworking basic authentication' },
		// JavaScript: axios `auth` option, jsonwebtoken, jose, XMLHttpRequest, Firebase
		{ id: 'auth.axios-auth-option', langs: ['js'], receiver: '(?:this\\.)?(?:axios|api|apiClient|client|http|httpClient|instance|axiosInstance|request|\\w*(?:Api|API|Client|Http|Axios|Service))', method: 'get|post|put|patch|delete|head|options|request|create', sink: 'auth-credential', args: [{ option: 'auth', arg: 0 }, { option: 'auth', arg: 1 }, { option: 'auth', arg: 2 }], label: 'the axios auth option' },
		{ id: 'auth.axios-call-auth-option', langs: ['js'], receiver: '', method: 'axios', sink: 'auth-credential', args: [{ option: 'auth', arg: 0 }, { option: 'auth', arg: 1 }], label: 'the axios auth option' },
		{ id: 'auth.jsonwebtoken-sign', langs: ['js'], receiver: '(?:jwt|jsonwebtoken|JWT|jsonWebToken|Jwt)', method: 'sign|verify', minArgs: 2, sink: 'auth-credential', args: [1], label: 'the JWT secret (jwt.sign / jwt.verify)' },
		{ id: 'auth.jose-sign', langs: ['js'], receiver: '.*SignJWT.*', method: 'sign', minArgs: 1, sink: 'auth-credential', args: [0], label: 'the JWT signing secret (SignJWT.sign)' },
		{ id: 'auth.xhr-open', langs: ['js'], method: 'open', receiver: '\\w*(?:xhr|Xhr|XHR|[Rr]equest|req)', minArgs: 5, sink: 'auth-credential', args: [4], label: 'XMLHttpRequest.open password' },
		{ id: 'auth.firebase-js-sign-in', langs: ['js'], receiver: '', method: 'signInWithEmailAndPassword|createUserWithEmailAndPassword', minArgs: 3, sink: 'auth-credential', args: [2], label: 'Firebase signInWithEmailAndPassword' },
		{ id: 'auth.firebase-js-sign-in-namespaced', langs: ['js'], receiver: '.+', method: 'signInWithEmailAndPassword|createUserWithEmailAndPassword', minArgs: 2, sink: 'auth-credential', args: [1], label: 'Firebase signInWithEmailAndPassword' },
		// Dart: dart:io HttpClient credentials, Firebase, dart_jsonwebtoken, sqflite_sqlcipher
		{ id: 'auth.dart-http-credentials', langs: ['dart'], method: 'HttpClientBasicCredentials|HttpClientDigestCredentials', minArgs: 2, sink: 'auth-credential', args: [1], label: 'HttpClientBasicCredentials' },
		{ id: 'auth.dart-firebase-sign-in', langs: ['dart'], method: 'signInWithEmailAndPassword|createUserWithEmailAndPassword', sink: 'auth-credential', args: [{ label: 'password' }], label: 'Firebase signInWithEmailAndPassword' },
		{ id: 'auth.dart-jwt-sign', langs: ['dart'], method: 'sign', textMatches: '\\bJWT\\b|\\bjwt\\b', minArgs: 1, sink: 'auth-credential', args: [0], label: 'the JWT signing secret (JWT.sign)' },
		{ id: 'auth.dart-sqlcipher', langs: ['dart'], method: 'openDatabase', sink: 'auth-credential', args: [{ label: 'password' }], label: 'the SQLCipher password (openDatabase)' },
	],
	steps: [
		// Wrappers a signing secret goes through before the signing call.
		{ id: 'auth.jjwt-hmac-key', langs: JVM, receiver: '(?:io\\.jsonwebtoken\\.security\\.)?Keys', method: 'hmacShaKeyFor', minArgs: 1, from: [0], label: 'made into an HMAC key' },
		{ id: 'auth.sqlcipher-get-bytes', langs: JVM, receiver: '(?:net\\.sqlcipher\\.database\\.|net\\.zetetic\\.database\\.sqlcipher\\.)?SQLiteDatabase', method: 'getBytes', minArgs: 1, from: [0], label: 'converted to a passphrase' },
		{ id: 'auth.dart-jwt-secret-key', langs: ['dart'], receiver: '', method: 'SecretKey', minArgs: 1, textMatches: "SecretKey\\s*\\(\\s*(?:['\"]|[A-Za-z_$])", from: [0], label: 'made into a JWT key' },
	],
};
