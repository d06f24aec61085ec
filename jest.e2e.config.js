/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.config.js'),
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 120000,
};
