/** Number and table formatting for people-facing text (shared with the hazards' report sections, hence in core). */
export { fmt, pct, table } from '../core/format.js';
