/** A short whole-number input for a Field (`ids` are the ones Field hands its control). */
export function NumberInput({
  ids,
  min,
  max,
  value,
  onValue,
}: {
  ids: { id: string; describedBy: string | undefined };
  min: number;
  max: number;
  value: string;
  onValue(value: string): void;
}) {
  return (
    <input
      id={ids.id}
      aria-describedby={ids.describedBy}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      class="input-short"
      value={value}
      onInput={(event) => onValue(event.currentTarget.value)}
    />
  );
}
