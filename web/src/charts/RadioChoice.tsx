/**
 * A labelled group of radio buttons for one choice (which quantity a chart plots): one fieldset with
 * its legend, each option a label around its input, so it is keyboard-usable and read out as a group.
 */
export interface RadioChoiceProps<T extends string> {
  legend: string;
  /** The radio group's name (unique on the page). */
  name: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange(value: T): void;
  className: string;
}

export function RadioChoice<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
  className,
}: RadioChoiceProps<T>) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />{" "}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
