// n8n-core reads its instance settings from a user folder. One temporary folder serves the whole jest run
// (workers inherit the variable) and is removed at its end, instead of one folder left behind per test file.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
	if (process.env.N8N_USER_FOLDER) return;
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'airudder-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	globalThis.airudderUserFolder = folder;
};
