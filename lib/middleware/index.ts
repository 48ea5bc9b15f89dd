export { type Deadline, startDeadline } from './deadline.js'
export { flushMetrics } from './flush-metrics.js'
export {
  type DeadlineContext,
  deadlineSignal,
  invocationDeadline,
} from './invocation-deadline.js'
export { type SendReadAheadOptions, sendReadAhead } from './send-read-ahead.js'
