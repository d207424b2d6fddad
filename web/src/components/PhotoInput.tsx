import { useId } from 'react';

/**
 * Opens the rear camera on a phone (capture="environment"); on a desktop it is a file
 * picker. The visible label is the tap target; the input itself stays focusable for keyboards.
 */
export function PhotoInput(props: {
  label: string;
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  return (
    <span className="photo-input">
      <input
        id={id}
        type="file"
        accept="image/*"
        capture="environment"
        className="visually-hidden"
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Reset so taking the "same" photo again still fires change.
          e.target.value = '';
          if (files.length > 0) props.onFiles(files);
        }}
      />
      <label htmlFor={id} className={`btn${props.disabled ? ' disabled' : ''}`}>
        {props.label}
      </label>
    </span>
  );
}
