/**
 * Keras's automatic object names: the snake_case class name made unique with zero-based numbering
 * (dense, dense_1, …). The counters are global, as Keras's uid map is, until clearSession().
 */
const uidCounts = new Map<string, number>();
const takenNames = new Set<string>();

/** Keras's to_snake_case: 'BatchNormalization' → 'batch_normalization'. */
export function toSnakeCase(className: string): string {
  const withUnderscores = className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2');
  return withUnderscores.toLowerCase();
}

/**
 * The next free automatic name for `base` (tf.keras backend.unique_object_name): zero-based gives dense,
 * dense_1, …; one-based (tf.keras Input layers) gives input_1, input_2, ….
 */
export function uniqueName(base: string, zeroBased = true): string {
  for (;;) {
    const count = uidCounts.get(base) ?? 0;
    uidCounts.set(base, count + 1);
    const candidate = zeroBased ? (count === 0 ? base : `${base}_${count}`) : `${base}_${count + 1}`;
    if (!takenNames.has(candidate)) {
      takenNames.add(candidate);
      return candidate;
    }
  }
}

/** Records a user-given name so later automatic names avoid it. */
export function recordName(name: string): string {
  takenNames.add(name);
  return name;
}

/** Resets every name counter (keras.backend.clear_session). */
export function clearSession(): void {
  uidCounts.clear();
  takenNames.clear();
}
