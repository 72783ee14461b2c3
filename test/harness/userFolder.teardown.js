// Removes the user folder test/harness/userFolder.setup.js made (not one the caller passed in).
const fs = require('node:fs');

module.exports = async function globalTeardown() {
	const folder = globalThis.airudderUserFolder;
	if (folder) fs.rmSync(folder, { recursive: true, force: true });
};
