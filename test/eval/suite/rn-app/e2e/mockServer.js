// Detox mock backend, started by the e2e runner only.
const http = require('http');

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd'; // test fixture $ Safe

http
	.createServer((req, res) => {
		console.log('mock request', req.url, req.headers.authorization); // $ Safe
		res.end(JSON.stringify({ token: 'fake-token', password: ADMIN_PASSWORD }));
	})
	.listen(9091);
fetch('http://mock.e2e.example:9091/reset'); // $ Safe
