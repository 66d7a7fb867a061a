/** Piscina worker for runs that evaluate plans: the engine's worker with the plan observer. */
import { makeWorker } from '../engine/worker.js';
import { PLAN_EVALUATION } from './observer.js';

export default makeWorker(PLAN_EVALUATION.create);
