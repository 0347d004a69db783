// Maestro end-to-end helpers: random data for throwaway test accounts. Not part of the app bundle.
const randomString = (n) => Math.random().toString(36).slice(2, 2 + n); // $ Safe

output.account = {
	username: `e2e-${randomString(8)}`,
	password: `Pw-${randomString(12)}`, // $ Safe
	email: `${randomString(6)}@e2e.example`,
};
