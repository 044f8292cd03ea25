/** A job's people: the contacts attached to it in their order, with role and links; attach one
 * (the picker, loaded when first opened: search existing ones or create one inline) or detach. */
import { UserPlus, X } from "lucide-react";
import { lazy, Suspense, useId, useMemo, useRef, useState } from "react";
import { Link } from "wouter";
import { ContactLinks } from "../../../components/contacts/ContactLinks";
import type { Contact, TrackedJob } from "../../../lib/apiTypes";
import { ROLE_LABELS, useContacts, useSetJobContacts } from "../../../lib/contacts";
import { useFocusAfterRender } from "../../../lib/useFocusAfterRender";

const ContactPicker = lazy(() =>
  import("./ContactPicker").then((m) => ({ default: m.ContactPicker })),
);

export function PeopleSection({ job, disabled = false }: { job: TrackedJob; disabled?: boolean }) {
  const id = useId();
  const contacts = useContacts();
  const setContacts = useSetJobContacts(job.id);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const focusAdd = () => focusAfterRender(() => addRef.current);
  // Undefined while the job shown is a list item (the list leaves the people out) and the
  // job itself is on its way.
  const people = job.contacts ?? [];
  const known = job.contacts !== undefined;
  const byId = useMemo(() => new Map((contacts.data ?? []).map((c) => [c.id, c])), [contacts.data]);

  async function save(ids: number[]) {
    setError(null);
    try {
      await setContacts.mutateAsync(ids);
    } catch (err) {
      setError(`Could not change the people: ${(err as Error).message}`);
      throw err;
    }
  }

  async function attach(contact: Contact) {
    await save([...people.map((p) => p.id), contact.id]);
    setPicking(false);
    focusAdd();
  }

  async function detach(personId: number) {
    await save(people.filter((p) => p.id !== personId).map((p) => p.id)).catch(() => undefined);
    focusAdd();
  }

  return (
    <section className="job-section people" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>People</h3>
      {!known ? (
        <p className="muted" role="status">
          Loading the people…
        </p>
      ) : people.length === 0 ? (
        <p className="muted">
          {disabled
            ? "No one is attached to this job."
            : "No one yet: add the recruiter, the hiring manager, who referred you or who interviewed you."}
        </p>
      ) : (
        <ul className="people-list">
          {people.map((person) => {
            const full = byId.get(person.id);
            return (
              <li key={person.id} className="person">
                <div className="person-head">
                  <strong>{person.name}</strong>
                  <span className="contact-role">{ROLE_LABELS[person.role]}</span>
                  {!disabled && (
                    <button
                      type="button"
                      className="button small quiet"
                      onClick={() => void detach(person.id)}
                      disabled={setContacts.isPending}
                      aria-label={`Remove ${person.name} from this job`}
                    >
                      <X aria-hidden="true" className="icon" />
                      Remove
                    </button>
                  )}
                </div>
                {full && <ContactLinks contact={full} />}
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!disabled &&
        known &&
        (picking ? (
          <Suspense fallback={<p role="status">Loading…</p>}>
            <ContactPicker
              contacts={(contacts.data ?? []).filter((c) => !people.some((p) => p.id === c.id))}
              loading={contacts.isPending}
              onPick={attach}
              onClose={() => {
                setPicking(false);
                focusAdd();
              }}
            />
          </Suspense>
        ) : (
          <div className="people-actions">
            <button
              ref={addRef}
              type="button"
              className="button small"
              onClick={() => setPicking(true)}
              disabled={people.length >= 50}
            >
              <UserPlus aria-hidden="true" className="icon" />
              Add a person
            </button>
            <Link href="/contacts" className="people-all">
              All contacts
            </Link>
          </div>
        ))}
    </section>
  );
}
