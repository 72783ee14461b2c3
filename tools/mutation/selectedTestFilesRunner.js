/**
 * Jest runner, used only by stryker.config.mjs. Stryker runs each mutant with the tests that covered it,
 * passed as a test name pattern; Jest alone would still load every test file to find those tests, which
 * costs more than the tests themselves. This runner starts only the files that hold one of them (known
 * from the dry run, see recordTestFiles.js), so each mutant runs exactly the same tests, sooner.
 */
const fs = require('node:fs');
const path = require('node:path');
const TestRunner = require('jest-runner').default;

const TEST_FILES = path.join(__dirname, '.test-files.jsonl');

/** Test names by file, from the dry run; undefined before it. */
function testNamesByFile() {
	if (!fs.existsSync(TEST_FILES)) return undefined;
	const byFile = new Map();
	for (const line of fs.readFileSync(TEST_FILES, 'utf8').split('\n')) {
		if (line === '') continue;
		const [file, name] = JSON.parse(line);
		byFile.set(file, [...(byFile.get(file) ?? []), name]);
	}
	return byFile;
}

class SelectedTestFilesRunner extends TestRunner {
	async runTests(tests, watcher, options) {
		const pattern = this._globalConfig.testNamePattern;
		const byFile = pattern ? testNamesByFile() : undefined;
		if (byFile) {
			// The same match as jest-circus makes against each test's full name.
			const selected = new RegExp(pattern, 'i');
			tests = tests.filter((test) => {
				const names = byFile.get(test.path);
				// A file the dry run did not see runs as usual.
				return names === undefined || names.some((name) => selected.test(name));
			});
		}
		return await super.runTests(tests, watcher, options);
	}
}

module.exports = SelectedTestFilesRunner;
