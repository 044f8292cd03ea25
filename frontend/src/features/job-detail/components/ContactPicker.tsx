/** Pick a contact to attach: a combobox (type to search by name or email, ↑/↓ to move, Enter
 * to pick, Escape to close) whose last option creates a new contact with the typed name. */
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { ContactForm } from "../../../components/contacts/ContactForm";
import type { Contact } from "../../../lib/apiTypes";
import { ROLE_LABELS, searchContacts, useCreateContact } from "../../../lib/contacts";

const MAX_SHOWN = 8;

export function ContactPicker({
  contacts,
  loading,
  onPick,
  onClose,
}: {
  /** The contacts that may be attached (those already on the job left out). */
  contacts: readonly Contact[];
  loading: boolean;
  onPick: (contact: Contact) => Promise<void>;
  onClose: () => void;
}) {
  const id = useId();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const create = useCreateContact();
  const matches = useMemo(
    () => searchContacts(contacts, query).slice(0, MAX_SHOWN),
    [contacts, query],
  );
  // The options: the matches, then "Create …".
  const count = matches.length + 1;
  const optionId = (i: number) => `${id}-option-${i}`;

  async function choose(index: number) {
    if (busy) return;
    const contact = matches[index];
    if (!contact) {
      setCreating(true);
      return;
    }
    setBusy(true);
    try {
      await onPick(contact);
    } catch {
      // PeopleSection says why.
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((i) => (i + 1) % count);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((i) => (i - 1 + count) % count);
    } else if (e.key === "Enter") {
      e.preventDefault();
      void choose(active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  }

  if (creating) {
    return (
      <div className="contact-picker">
        <h4>New contact</h4>
        <ContactForm
          compact
          initialName={query.trim()}
          submitLabel="Add to this job"
          onCancel={() => setCreating(false)}
          onSubmit={async (body) => {
            const made = await create.mutateAsync(body);
            await onPick(made);
          }}
        />
      </div>
    );
  }

  return (
    <div className="contact-picker">
      <label htmlFor={`${id}-input`}>Find a contact</label>
      <div className="contact-picker-row">
        <input
          id={`${id}-input`}
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-listbox`}
          aria-autocomplete="list"
          aria-activedescendant={optionId(Math.min(active, count - 1))}
          autoComplete="off"
          autoFocus
          placeholder="Name or email"
          value={query}
          maxLength={100}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="button" className="button small" onClick={onClose}>
          Cancel
        </button>
      </div>
      <ul id={`${id}-listbox`} role="listbox" aria-label="Contacts" className="contact-options">
        {matches.map((contact, i) => (
          <li
            key={contact.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void choose(i)}
          >
            <span>{contact.name}</span>
            <span className="contact-role">{ROLE_LABELS[contact.role]}</span>
            {contact.email && <span className="muted">{contact.email}</span>}
          </li>
        ))}
        <li
          id={optionId(matches.length)}
          role="option"
          aria-selected={active === matches.length}
          className="contact-option-create"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => void choose(matches.length)}
        >
          {query.trim() ? `Create “${query.trim()}”…` : "Create a new contact…"}
        </li>
      </ul>
      {loading && <p role="status">Loading your contacts…</p>}
      {!loading && matches.length === 0 && query.trim() !== "" && (
        <p className="muted" role="status">
          No contact matches; create one.
        </p>
      )}
    </div>
  );
}
