/** AI actions: proposals with exact previews, one approve/reject door, exactly-once execution, expiry. */
export { type ActionCard, type ActionStatus, toCard } from "./card.js";
export {
  type DecideRequest,
  type DecideResult,
  decideAction,
  getAction,
  type ListedAction,
  listActions,
} from "./decide.js";
export { type ExecuteDeps, type ExecuteOutcome, executeOutboxItem } from "./execute.js";
export { expireStale } from "./expire.js";
export { type ActionOutcome, onActionOutcome, outcomeText } from "./notify.js";
export { ACTION_POLICY, approversOf, decide as decidePolicy } from "./policy.js";
