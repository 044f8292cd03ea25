/** A contact's ways to reach them, as links: mailto:, tel: and their LinkedIn profile. */
import { ExternalLink, Mail, Phone } from "lucide-react";
import type { Contact } from "../../lib/apiTypes";
import { mailtoHref, telHref } from "../../lib/contacts";
import "./contactLinks.css";

export function ContactLinks({
  contact,
}: {
  contact: Pick<Contact, "name" | "email" | "phone" | "linkedin_url">;
}) {
  if (!contact.email && !contact.phone && !contact.linkedin_url) return null;
  return (
    <ul className="contact-links">
      {contact.email && (
        <li>
          <a href={mailtoHref(contact.email)}>
            <Mail aria-hidden="true" className="icon" size="1em" />
            {contact.email}
          </a>
        </li>
      )}
      {contact.phone && (
        <li>
          <a href={telHref(contact.phone)}>
            <Phone aria-hidden="true" className="icon" size="1em" />
            {contact.phone}
          </a>
        </li>
      )}
      {contact.linkedin_url && (
        <li>
          <a
            href={contact.linkedin_url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`LinkedIn profile of ${contact.name}`}
          >
            <ExternalLink aria-hidden="true" className="icon" size="1em" />
            LinkedIn
          </a>
        </li>
      )}
    </ul>
  );
}
