// Mutation testing (npm run test:mutation): how many deliberate bugs in the pure and transport code the tests catch.
// Not part of CI (1.5 to 2 hours on 2 cores): run it before a release. Scores are in docs/development.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'jest',
	jest: {
		configFile: 'jest.config.js',
		// Each mutant runs only the test files that import its file. Jest follows imports only through files
		// under its roots, so the node's own folders are added (without them the suites that reach transport/
		// through the node were not found, and only 68 of 173 tests ran).
		enableFindRelatedTests: true,
		config: {
			roots: ['<rootDir>/test', '<rootDir>/nodes', '<rootDir>/credentials', '<rootDir>/tools'],
			// Each mutant loads only the test files that hold the tests covering it (see tools/mutation/).
			setupFilesAfterEnv: ['<rootDir>/tools/mutation/recordTestFiles.js'],
			runner: '<rootDir>/tools/mutation/selectedTestFilesRunner.js',
		},
	},
	mutate: [
		'nodes/Airudder/transport/**/*.ts',
		'nodes/Airudder/trigger/**/*.ts',
		'nodes/Airudder/helpers/**/*.ts',
	],
	coverageAnalysis: 'perTest',
	concurrency: 2,
	timeoutMS: 30000,
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/index.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
	ignorePatterns: [
		'dist',
		'e2e/n8n-server',
		'e2e/n8n2-server',
		'e2e/node24',
		'.e2e-work',
		'.demo',
		'reports',
	],
};
