// Warnings in the manner of Python's `warnings` module as scikit-learn uses it: printed once per distinct
// message by default (through process.emitWarning, so `node --no-warnings` silences them too), and
// filterable per category, e.g. filterWarnings('ignore', 'ConvergenceWarning').

/** What happens to a warning: printed the first time only, every time, or never. */
export type WarningAction = 'once' | 'always' | 'ignore';

/** The categories nabla's scikit-learn side raises. */
export type WarningCategory = 'ConvergenceWarning' | 'UserWarning';

type WarningSink = (category: WarningCategory, message: string) => void;

const actions = new Map<WarningCategory | 'all', WarningAction>();
const alreadyShown = new Set<string>();
let sink: WarningSink | null = null;

/** Python's `warnings.filterwarnings(action, category=...)`; without a category it applies to all. */
export function filterWarnings(action: WarningAction, category?: WarningCategory): void {
  if (category === undefined) actions.clear();
  actions.set(category ?? 'all', action);
}

/** Python's `warnings.warn(message, category)`. */
export function warn(category: WarningCategory, message: string): void {
  if (sink !== null) {
    sink(category, message);
    return;
  }
  const action = actions.get(category) ?? actions.get('all') ?? 'once';
  if (action === 'ignore') return;
  const key = `${category}\u0000${message}`;
  if (action === 'once' && alreadyShown.has(key)) return;
  alreadyShown.add(key);
  process.emitWarning(message, { type: category });
}

/** Routes warnings to `collect` instead of printing them (a worker thread hands them to its parent). */
export function redirectWarnings(collect: WarningSink | null): void {
  sink = collect;
}
