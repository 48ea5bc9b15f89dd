export {
  type ClaimsTestMismatch,
  type ClaimsTestResult,
  checkClaimsTestCase,
} from './check-claims-test-case.js'
export {
  CLAIMS_TEST_TARGETS,
  type ClaimsTestCase,
  type ClaimsTestExpectation,
  type ClaimsTestTarget,
} from './claims-test-case.js'
export {
  accessTokenPayload,
  type ClaimsTestRequest,
  introspectionEvent,
  preTokenGenerationEvent,
  userInfoEvent,
} from './claims-test-events.js'
export type {
  ClaimSet,
  ClaimsTestOutcome,
  IntrospectionAnswer,
  UserInfoAnswer,
} from './claims-test-outcome.js'
export {
  CLAIMS_TEST_TRIGGER_SOURCES,
  ClaimsTestsFileSchema,
  type ClaimsTestsFileShape,
} from './claims-tests-file-schema.js'
export { claimsTestsJsonSchemaText } from './claims-tests-json-schema-text.js'
export {
  type ClaimsTestRunner,
  type ClaimsTestSources,
  createClaimsTestRunner,
} from './create-claims-test-runner.js'
export { formatClaimsTestResults, formatMismatches } from './format-claims-test-results.js'
export { formatJunitReport } from './format-junit-report.js'
export {
  initialClaimsTestsTemplate,
  PACKAGE_TESTS_SCHEMA_REFERENCE,
} from './initial-claims-tests-template.js'
export {
  type ClaimsTestsFile,
  type ClaimsTestsFileResult,
  parseClaimsTestsFile,
} from './parse-claims-tests-file.js'
export { introspectionAnswer, tokenClaims, userInfoAnswer } from './read-function-answers.js'
export { updateClaimsTestsFile } from './update-claims-tests-file.js'
