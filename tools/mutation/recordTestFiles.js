/**
 * Jest setup file, used only by stryker.config.mjs. During Stryker's dry run (no mutant active) it notes
 * which file each test lives in, for selectedTestFilesRunner.js.
 */
const fs = require('node:fs');
const path = require('node:path');

const TEST_FILES = path.join(__dirname, '.test-files.jsonl');

if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) {
	beforeEach(() => {
		const { testPath, currentTestName } = expect.getState();
		fs.appendFileSync(TEST_FILES, `${JSON.stringify([testPath, currentTestName])}\n`);
	});
}
