/** `/contacts`: the people of the search. Search (name or email), add, edit, delete (after a
 * confirmation); each with their links (mailto:, tel:, LinkedIn) and the jobs they are on. */
import { Pencil, Search, Trash2, UserPlus } from "lucide-react";
import { useId, useMemo, useRef, useState } from "react";
import { Link } from "wouter";
import { ContactForm } from "../../../components/contacts/ContactForm";
import { ContactLinks } from "../../../components/contacts/ContactLinks";
import { ConfirmDialog, Dialog } from "../../../components/ui/Dialog";
import { useToast } from "../../../components/ui/Toast";
import type { Contact, TrackedJob } from "../../../lib/apiTypes";
import {
  ROLE_LABELS,
  searchContacts,
  useContacts,
  useCreateContact,
  useDeleteContact,
  useUpdateContact,
} from "../../../lib/contacts";
import { NO_FILTERS } from "../../../lib/jobFilters";
import { jobPath } from "../../../lib/routes";
import { useAllJobs } from "../../../lib/useAllJobs";
import "./contacts.css";

type Open =
  { kind: "add" } | { kind: "edit"; contact: Contact } | { kind: "delete"; contact: Contact };

export function ContactsView() {
  const contacts = useContacts();
  const { jobs } = useAllJobs(NO_FILTERS);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<Open | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const searchId = useId();
  const create = useCreateContact();
  const update = useUpdateContact();
  const remove = useDeleteContact();
  const notify = useToast();
  const jobsById = useMemo(() => new Map(jobs.map((job) => [job.id, job])), [jobs]);
  const shown = useMemo(() => searchContacts(contacts.data ?? [], query), [contacts.data, query]);
  const close = () => {
    setOpen(null);
    setDeleteError(null);
  };

  async function confirmDelete(contact: Contact) {
    try {
      await remove.mutateAsync(contact.id);
      close();
      notify({ message: `${contact.name} deleted.` });
    } catch (err) {
      setDeleteError((err as Error).message);
    }
  }

  return (
    <section className="contacts" aria-labelledby="contacts-heading">
      <div className="contacts-head">
        <h2 id="contacts-heading">Contacts</h2>
        <button
          ref={addRef}
          type="button"
          className="button primary"
          onClick={() => setOpen({ kind: "add" })}
        >
          <UserPlus aria-hidden="true" className="icon" size="1em" />
          Add contact
        </button>
      </div>
      {contacts.isPending ? (
        <p role="status">Loading your contacts…</p>
      ) : contacts.isError ? (
        <div className="form-error" role="alert">
          <p>Could not load your contacts: {contacts.error.message}</p>
          <button type="button" className="button small" onClick={() => void contacts.refetch()}>
            Try again
          </button>
        </div>
      ) : contacts.data.length === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No contacts yet.</strong>
          </p>
          <p>
            Keep the recruiters, hiring managers, referrers and interviewers you meet here, with
            their email, phone and LinkedIn, and attach them to the jobs they belong to (in a
            job&apos;s “People” section).
          </p>
        </div>
      ) : (
        <>
          <div className="contacts-search">
            <label htmlFor={searchId}>
              <Search aria-hidden="true" className="icon" size="1em" />
              <span className="visually-hidden">Search contacts</span>
            </label>
            <input
              id={searchId}
              type="search"
              placeholder="Search by name or email"
              value={query}
              maxLength={100}
              onChange={(e) => setQuery(e.target.value)}
            />
          </div>
          <p className="muted" role="status">
            {shown.length === contacts.data.length
              ? `${contacts.data.length} contact${contacts.data.length === 1 ? "" : "s"}`
              : `${shown.length} of ${contacts.data.length} contacts match`}
          </p>
          {shown.length === 0 ? (
            <p>No contact has “{query.trim()}” in their name or email.</p>
          ) : (
            <ul className="contact-list">
              {shown.map((contact) => (
                <ContactItem
                  key={contact.id}
                  contact={contact}
                  jobsById={jobsById}
                  onEdit={() => setOpen({ kind: "edit", contact })}
                  onDelete={() => setOpen({ kind: "delete", contact })}
                />
              ))}
            </ul>
          )}
        </>
      )}
      {open?.kind === "add" && (
        <Dialog title="Add a contact" onClose={close} returnFocus={addRef}>
          <ContactForm
            submitLabel="Add contact"
            onCancel={close}
            onSubmit={async (body) => {
              const made = await create.mutateAsync(body);
              close();
              notify({ message: `${made.name} added.` });
            }}
          />
        </Dialog>
      )}
      {open?.kind === "edit" && (
        <Dialog title={`Edit ${open.contact.name}`} onClose={close}>
          <ContactForm
            contact={open.contact}
            submitLabel="Save"
            onCancel={close}
            onSubmit={async (body) => {
              await update.mutateAsync({ id: open.contact.id, body });
              close();
            }}
          />
        </Dialog>
      )}
      {open?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${open.contact.name}?`}
          confirmLabel="Delete contact"
          onConfirm={() => void confirmDelete(open.contact)}
          onClose={close}
          busy={remove.isPending}
          error={deleteError}
          returnFocus={addRef}
        >
          <p>
            {open.contact.job_ids.length
              ? `They are removed from ${open.contact.job_ids.length} job${open.contact.job_ids.length === 1 ? "" : "s"} too; the jobs stay.`
              : "They are not on any job."}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ContactItem({
  contact,
  jobsById,
  onEdit,
  onDelete,
}: {
  contact: Contact;
  jobsById: ReadonlyMap<number, TrackedJob>;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const headingId = useId();
  return (
    <li className="contact-card" aria-labelledby={headingId}>
      <div className="contact-card-head">
        <h3 id={headingId}>{contact.name}</h3>
        <span className="contact-role">{ROLE_LABELS[contact.role]}</span>
      </div>
      <ContactLinks contact={contact} />
      {contact.note && <p className="contact-note">{contact.note}</p>}
      {contact.job_ids.length > 0 && (
        <div className="contact-jobs">
          <h4>Jobs</h4>
          <ul>
            {contact.job_ids.map((id) => {
              const job = jobsById.get(id);
              return (
                <li key={id}>
                  <Link href={jobPath(id)}>
                    {job ? `${job.title} at ${job.company}` : `Job ${id}`}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <div className="contact-actions">
        <button
          type="button"
          className="button small"
          onClick={onEdit}
          aria-label={`Edit ${contact.name}`}
        >
          <Pencil aria-hidden="true" className="icon" size="1em" />
          Edit
        </button>
        <button
          type="button"
          className="button small danger"
          onClick={onDelete}
          aria-label={`Delete ${contact.name}`}
        >
          <Trash2 aria-hidden="true" className="icon" size="1em" />
          Delete
        </button>
      </div>
    </li>
  );
}
