/** @type {import('jest').Config} */
module.exports = {
	...require('./jest.config.js'),
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 120000,
};
