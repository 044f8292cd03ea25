import { X } from "lucide-react";
import { useId, useState, type KeyboardEvent } from "react";
import { hasTag, tagProblem, TAG_MAX_LENGTH } from "../../lib/jobLabels";
import "./tagEditor.css";

/** A job's tags as chips, each with its own remove button, and a text box that adds one on
 * Enter or a comma (Backspace in the empty box removes the last). Suggestions are the user's
 * other tags (a native list, so every browser and screen reader knows it); what changed is
 * announced. The parent owns the tags and saves them. */
export function TagEditor({
  tags,
  onChange,
  suggestions = [],
  label = "Tags",
  disabled = false,
  idPrefix,
}: {
  tags: readonly string[];
  onChange: (next: string[]) => void;
  suggestions?: readonly string[];
  label?: string;
  disabled?: boolean;
  idPrefix?: string;
}) {
  const ownId = useId();
  const id = idPrefix ?? ownId;
  const [draft, setDraft] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [said, setSaid] = useState("");

  /** Add `text` as a tag; false (and the reason shown) when it cannot be one. */
  function add(text: string): boolean {
    const tag = text.trim();
    if (!tag) return true;
    const why = tagProblem(tags, tag);
    setProblem(why);
    if (why) return false;
    onChange([...tags, tag]);
    setDraft("");
    setSaid(`Added tag ${tag}.`);
    return true;
  }

  function remove(tag: string) {
    onChange(tags.filter((t) => t !== tag));
    setSaid(`Removed tag ${tag}.`);
    document.getElementById(`${id}-tag-input`)?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(draft);
    } else if (e.key === "Backspace" && draft === "" && tags.length) {
      e.preventDefault();
      remove(tags[tags.length - 1]!);
    }
  }

  const offered = suggestions.filter((s) => !hasTag(tags, s));
  return (
    <div className={`field tag-editor${problem ? " has-error" : ""}`}>
      <label htmlFor={`${id}-tag-input`}>{label}</label>
      {tags.length > 0 && (
        <ul className="tag-chips" aria-label={label}>
          {tags.map((tag) => (
            <li key={tag} className="tag-chip">
              {tag}
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove tag ${tag}`}
                disabled={disabled}
                onClick={() => remove(tag)}
              >
                <X size={14} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={`${id}-tag-input`}
        type="text"
        value={draft}
        list={`${id}-tag-list`}
        maxLength={TAG_MAX_LENGTH + 10}
        placeholder="Add a tag, then Enter"
        disabled={disabled}
        aria-describedby={`${id}-tag-help`}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => {
          const value = e.target.value;
          // A pasted "a, b" adds "a" and keeps "b" in the box.
          if (value.includes(",")) {
            const [first = "", ...rest] = value.split(",");
            setDraft(add(first) ? rest.join(",").trimStart() : first);
            return;
          }
          setDraft(value);
          if (problem) setProblem(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => add(draft)}
      />
      <datalist id={`${id}-tag-list`}>
        {offered.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <p id={`${id}-tag-help`} className={problem ? "field-error" : "field-help"}>
        {problem ?? "Enter or a comma adds a tag; Backspace in the empty box removes the last."}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
    </div>
  );
}
