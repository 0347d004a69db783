// ShopFast API (tiny Express backend of the example app).
const crypto = require('crypto');
const express = require('express');
const rateLimit = require('express-rate-limit');
const argon2 = require('argon2');

const app = express();
app.use(express.json());

const users = new Map();

// Safe twin: password reset is rate limited.
const resetLimiter = rateLimit({ windowMs: 60 * 60 * 1000, limit: 3, standardHeaders: 'draft-7', legacyHeaders: false });

// Unthrottled login (backend-auth-no-rate-limit): unlimited password guessing.
app.post('/api/auth/login', async (req, res) => {
	const user = users.get(req.body.email);
	// Fast, unsalted hash (backend-password-hash-weak).
	const hash = crypto.createHash('md5').update(req.body.password).digest('hex');
	if (!user || user.legacyHash !== hash) return res.status(401).json({ error: 'Invalid email or password' });
	res.json({ token: crypto.randomBytes(32).toString('hex') });
});

app.post('/api/auth/password-reset', resetLimiter, async (req, res) => {
	const user = users.get(req.body.email);
	// Safe twin: argon2id.
	if (user) user.hash = await argon2.hash(req.body.newPassword, { type: argon2.argon2id });
	res.sendStatus(202);
});

app.get('/api/products', (req, res) => res.json([]));

app.listen(process.env.PORT || 3000);
